# env.sh - sourced by the terminal benchmarks (client.sh, board.sh) after
# they have set $top and $build: builds the benchmarks and exports where
# the programs, the data and the translations are.
make -s -C "$build" bench >/dev/null
WICKET=$build/src/client/wicket
WICKETD=$build/src/server/wicketd
WICKET_DATADIR=$top/data
WICKET_TEST_DATA=$top/tests/data
WICKET_CALENDAR_DIR=$top/data/calendar
WICKET_LOCALEDIR=$build/po/locale
export WICKET WICKETD WICKET_DATADIR WICKET_TEST_DATA WICKET_CALENDAR_DIR WICKET_LOCALEDIR
