#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The plain guest's scenarios, one boot for all: squeeze (with the host's
# flood), then the actuators on the real driver.
#
# usage (by init): network.sh RESULTS
here=$(dirname "$0")
sh "$here/squeeze.sh" "$1"
sh "$here/actuators.sh" "$1"
