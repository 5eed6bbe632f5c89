#!/bin/sh
# cli_style.sh - the tool stays thin and readable: no function in cli/
# longer than CLI_MAX lines, none in lib/ longer than LIB_MAX (the house
# style asks for about 60; a table of data may run a little over).
. tests/lib.sh
CLI_MAX=75 LIB_MAX=150
long=$(awk -f tests/func_lengths.awk cli/*.c | awk -v m=$CLI_MAX '$1 > m')
[ -z "$long" ]; ok $? "no function in cli/ over $CLI_MAX lines${long:+: $long}"
long=$(awk -f tests/func_lengths.awk $(find lib -name '*.c') | awk -v m=$LIB_MAX '$1 > m')
[ -z "$long" ]; ok $? "no function in lib/ over $LIB_MAX lines${long:+: $long}"
count=$(awk -f tests/func_lengths.awk cli/*.c | wc -l)
[ "$count" -gt 100 ]; ok $? "the measure sees the functions ($count in cli/)"
done_testing
