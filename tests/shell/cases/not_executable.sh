# A file that cannot be run (a directory): status 126.
mkdir adir
./adir 2>err; echo "status $?"
