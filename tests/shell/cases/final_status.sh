# A script's exit status is its last command's: here a missing program (127).
echo before
nosuch_program_xyz 2>err
