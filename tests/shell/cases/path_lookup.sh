# PATH lookup: a missing directory is skipped, an empty PATH finds nothing.
echo in > in
OLD=$PATH
PATH=/nonexistent_dir:$OLD
cat in
PATH=/nonexistent_dir
cat in 2>&1; echo "status $?"
PATH=$OLD
echo via absolute path | /bin/cat
