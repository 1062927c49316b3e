# exit [N], $? of pipelines, !, and statuses of subshells.
$SH -c 'exit 3'; echo $?
$SH -c 'exit'; echo $?
$SH -c 'false; exit'; echo $?
$SH -c 'exit 256'; echo $?
(exit 7); echo $?
true | false; echo $?
false | true; echo $?
! true; echo $?
! false; echo $?
$SH -c 'exit foo' 2>&1; echo $?
$SH -c 'echo before; exit 4; echo after'; echo $?
