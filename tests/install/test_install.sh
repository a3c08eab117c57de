#!/usr/bin/env bash
# `meson install --destdir` into a temporary directory, then: every file
# where nettuned and systemd look for it, the unit checked by
# `systemd-analyze verify` and scored by `systemd-analyze security
# --offline`, the journal catalog parsed and compiled by `journalctl --root`.
# Writes only below its own mktemp directory: never the host's /etc, /lib,
# /usr or /var (journalctl --root writes ROOT/var/lib/systemd/catalog).
#
# Arguments: BUILD_DIR [MESON]. TAP.
set -u
build=${1:?usage: test_install.sh BUILD_DIR [MESON]}
meson=${2:-meson}
src=${NT_SOURCE_ROOT:?}
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
comment() { sed 's/^/# /'; }
finish() { echo "1..$n"; [ $fail -eq 0 ]; exit; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
# Everything runs from inside $tmp: systemd-analyze resolves nothing
# relative to the caller's directory.
cd "$tmp" || exit 1

# --- install -------------------------------------------------------------
# --no-rebuild: `meson test` has just built; a second ninja run from inside
# a test would race the build directory for nothing.
"$meson" install -C "$build" --no-rebuild --destdir "$dest" >"$tmp/install.log" 2>&1
rc=$?
check "meson install --destdir succeeds" '[ $rc -eq 0 ]'
if [ $rc -ne 0 ]; then
	comment <"$tmp/install.log"
	finish
fi

# Where meson says each file went (without DESTDIR), and the options.
"$meson" introspect --installed "$build" >"$tmp/installed.json" &&
	"$meson" introspect --buildoptions "$build" >"$tmp/options.json"
rc=$?
check "meson introspect answers" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || finish
eval "$(python3 - "$tmp/installed.json" "$tmp/options.json" "$src" "$build" <<'EOF'
import json, os, shlex, sys
installed = json.load(open(sys.argv[1]))
opts = {o["name"]: o["value"] for o in json.load(open(sys.argv[2]))}
src, build = sys.argv[3], sys.argv[4]
def under_prefix(d):
    return d if os.path.isabs(d) else os.path.join(opts["prefix"], d)
out = {
    "prefix": opts["prefix"],
    "sbindir": under_prefix(opts["sbindir"]),
    "datadir": under_prefix(opts["datadir"]),
    "unitdir_opt": opts.get("systemdsystemunitdir", ""),
    "inst_bin": installed.get(os.path.join(build, "nettuned"), ""),
    "inst_unit": installed.get(os.path.join(build, "nettuned.service"), ""),
    "inst_policy": installed.get(os.path.join(src, "policies", "recommend.conf"), ""),
    "inst_rules": installed.get(os.path.join(src, "rules"), ""),
    "inst_policies": installed.get(os.path.join(src, "policies"), ""),
    "inst_catalog": installed.get(os.path.join(src, "etc", "nettuned.catalog"), ""),
    "inst_readme": installed.get(os.path.join(src, "README.md"), ""),
}
for k, v in out.items():
    print(f"{k}={shlex.quote(v)}")
EOF
)"

# --- binary, policy, rules -----------------------------------------------
check "binary installed as \$sbindir/nettuned ($sbindir/nettuned)" \
	'[ "$inst_bin" = "$sbindir/nettuned" ] && [ -x "$dest$inst_bin" ]'
want=$("${NT_NETTUNED:?}" --version 2>&1); got=$("$dest$sbindir/nettuned" --version 2>&1)
check "installed binary runs and is this build ($got)" '[ -n "$got" ] && [ "$got" = "$want" ]'
check "default policy installed as /etc/nettuned/policy.conf from policies/recommend.conf" \
	'[ "$inst_policy" = /etc/nettuned/policy.conf ] && cmp -s "$src/policies/recommend.conf" "$dest/etc/nettuned/policy.conf"'
rules_dir=$datadir/nettuned/rules
bad=
for f in "$src"/rules/*.rule; do
	cmp -s "$f" "$dest$rules_dir/${f##*/}" || bad="$bad ${f##*/}"
done
nr=$(find "$dest$rules_dir" -name '*.rule' | wc -l); ns=$(find "$src/rules" -maxdepth 1 -name '*.rule' | wc -l)
check "every shipped rule in $rules_dir, identical ($nr of $ns)${bad:+; missing or different:$bad}" \
	'[ "$inst_rules" = "$rules_dir" ] && [ -z "$bad" ] && [ "$nr" -eq "$ns" ] && [ "$ns" -gt 0 ]'
bad=
for f in "$src"/policies/*.conf; do
	cmp -s "$f" "$dest$datadir/nettuned/policies/${f##*/}" || bad="$bad ${f##*/}"
done
check "every shipped policy in $datadir/nettuned/policies${bad:+; missing or different:$bad}" '[ -z "$bad" ]'
check "no README.md among the installed rules and policies" \
	'[ ! -e "$dest$rules_dir/README.md" ] && [ ! -e "$dest$datadir/nettuned/policies/README.md" ]'

# --- the unit ------------------------------------------------------------
unit=$dest$inst_unit
check "nettuned.service installed ($inst_unit)" '[ -n "$inst_unit" ] && [ -f "$unit" ]'
[ -f "$unit" ] || finish
unitdir=${inst_unit%/*}
if [ -n "$unitdir_opt" ]; then
	check "unit directory is -Dsystemdsystemunitdir ($unitdir_opt)" '[ "$unitdir" = "${unitdir_opt%/}" ]'
elif command -v systemd-analyze >/dev/null; then
	check "unit directory $unitdir is one systemd loads units from" \
		'systemd-analyze unit-paths --system 2>/dev/null | grep -qxF "$unitdir"'
fi
check "unit has no unsubstituted @VARIABLE@" '! grep -q "@[A-Za-z_]*@" "$unit"'
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
check "ExecStart runs the installed binary with the default policy: $exec_start" '[ "$exec_start" = "$sbindir/nettuned run --policy /etc/nettuned/policy.conf" ]'
doc=$(sed -n 's/^Documentation=file://p' "$unit")
check "Documentation= names an installed file ($doc)" \
	'[ -n "$doc" ] && [ "$doc" = "$inst_readme" ] && [ -f "$dest$doc" ]'

if ! command -v systemd-analyze >/dev/null; then
	skip "systemd-analyze verify" "no systemd-analyze"
	skip "systemd-analyze security" "no systemd-analyze"
else
	# systemd 252 checks that ExecStart= exists on this host. `verify
	# --root=DESTDIR` would look for it in DESTDIR, but also every other
	# executable (ExecReload='s /bin/kill) and every dependency
	# (sysinit.target...) there, which a DESTDIR does not have. So: a copy
	# of the installed unit with only ExecStart='s binary pointed at the
	# DESTDIR one; everything else is verified against the host as it
	# would be at run time.
	mkdir -p "$tmp/verify"
	sed "s|^ExecStart=$sbindir/nettuned |ExecStart=$dest$sbindir/nettuned |" "$unit" >"$tmp/verify/nettuned.service"
	verify() { systemd-analyze verify --man=no --generators=no "$1" 2>&1; }
	out=$(verify "$tmp/verify/nettuned.service"); rc=$?
	ours=$(grep -i nettuned <<<"$out")
	check "systemd-analyze verify: no message about nettuned.service (rc $rc)" '[ -z "$ours" ]'
	[ -n "$out" ] && comment <<<"$out"
	# The check above must be able to fail: an unknown key has to show up.
	mkdir -p "$tmp/broken"
	sed 's/^\[Service\]$/[Service]\nFrobnicate=yes/' "$tmp/verify/nettuned.service" >"$tmp/broken/nettuned.service"
	out=$(verify "$tmp/broken/nettuned.service")
	check "systemd-analyze verify reports an unknown key in a broken copy" \
		'grep -i nettuned <<<"$out" | grep -q Frobnicate'

	out=$(systemd-analyze security --offline=true --no-pager "$tmp/verify/nettuned.service" 2>&1); rc=$?
	score=$(sed -n 's/.*Overall exposure level for nettuned.service: \([0-9.]*\).*/\1/p' <<<"$out")
	if [ -z "$score" ]; then
		no "systemd-analyze security --offline=true gives a score (rc $rc)"
		comment <<<"$out"
	else
		echo "# systemd-analyze security --offline: exposure $score (open items below)"
		grep '✗' <<<"$out" | sed 's/  */ /g' | comment
		check "exposure $score is below 5.0 (MEDIUM or better)" \
			'awk -v s="$score" "BEGIN { exit !(s < 5.0) }"'
	fi
fi

# --- the journal catalog -------------------------------------------------
catalog_src=$src/etc/nettuned.catalog
catdir=$prefix/lib/systemd/catalog
if [ ! -f "$catalog_src" ]; then
	skip "journal catalog" "etc/nettuned.catalog does not exist yet"
elif [ -z "$inst_catalog" ]; then
	no "etc/nettuned.catalog is installed (build directory configured before it existed: meson setup --reconfigure $build)"
else
	check "catalog installed as $catdir/nettuned.catalog, identical" \
		'[ "$inst_catalog" = "$catdir/nettuned.catalog" ] && cmp -s "$catalog_src" "$dest$inst_catalog"'
	case $catdir in
	/usr/lib/systemd/catalog|/usr/local/lib/systemd/catalog) ;;
	*) echo "# $catdir is not read by journalctl --update-catalog (only /usr/lib and /usr/local/lib)" ;;
	esac
	# journalctl silently takes a malformed "-- ID" line as text of the
	# entry before it, and a repeated ID replaces the first: the headers
	# are checked here first (the installed file is the source, see above).
	ids=$(python3 - "$catalog_src" 2>"$tmp/catalog.err" <<'EOF'
import glob, re, sys
path = sys.argv[1]
head = re.compile(r"^-- ([0-9a-fA-F]{32})(?: ([A-Za-z_@.-]+))?\s*$")
errors, seen, cur, in_header, subject, i = [], {}, None, False, False, 0
def close():
    if cur and not subject:
        errors.append(f"{path}:{seen[cur]}: entry {cur[0]} has no Subject: line")
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    # journalctl takes "-- " lines as headers; "--" followed by something
    # that looks like an ID is a header missing its blank. Other lines
    # that start with "--" (an option wrapped to the start of a line) are
    # text.
    if line.startswith("-- ") or re.match(r"^--\s*[0-9a-fA-F]{8}", line):
        m = head.match(line)
        if not m:
            errors.append(f"{path}:{i}: not an entry header (-- 32 hex digits [language]): {line!r}")
            continue
        close()
        cur = (m.group(1).lower(), m.group(2) or "")
        if cur in seen:
            errors.append(f"{path}:{i}: {' '.join(cur).strip()} repeats the entry of line {seen[cur]}")
        else:
            seen[cur] = i
        in_header, subject = True, False
    elif cur is None:
        if line.strip() and not line.startswith("#"):
            errors.append(f"{path}:{i}: text before the first entry")
    elif in_header:
        if not line.strip():
            in_header = False
        elif line.startswith("Subject:"):
            subject = True
close()
if not seen:
    errors.append(f"{path}: no entries")
# An ID of another catalog on this host would be a copy-paste mistake.
for other in glob.glob("/usr/lib/systemd/catalog/*.catalog"):
    for line in open(other, encoding="utf-8", errors="replace"):
        m = head.match(line.rstrip("\n"))
        if m and (m.group(1).lower(), m.group(2) or "") in seen:
            errors.append(f"{path}: ID {m.group(1)} is also in {other}")
for e in errors:
    print(e, file=sys.stderr)
print("\n".join(sorted({k[0] for k in seen})))
sys.exit(1 if errors else 0)
EOF
	)
	rc=$?
	nids=$(grep -c . <<<"$ids")
	check "catalog headers: $nids IDs, each 32 hex digits, unique, with a Subject" '[ $rc -eq 0 ]'
	comment <"$tmp/catalog.err"
	# journalctl compiles it into ROOT/var/lib/systemd/catalog/database and
	# lists it back; the root is a copy so any --prefix works.
	root=$tmp/catroot
	mkdir -p "$root/usr/lib/systemd/catalog"
	cp "$dest$inst_catalog" "$root/usr/lib/systemd/catalog/"
	out=$(journalctl --root="$root" --update-catalog 2>&1); rc=$?
	check "journalctl --root --update-catalog compiles it without a message" \
		'[ $rc -eq 0 ] && [ -z "$out" ] && [ -s "$root/var/lib/systemd/catalog/database" ]'
	[ -n "$out" ] && comment <<<"$out"
	listed=$(journalctl --root="$root" --list-catalog 2>&1 | awk '{ print $1 }' | sort -u)
	missing=$(comm -23 <(sort -u <<<"$ids") <(printf '%s\n' "$listed"))
	check "journalctl --list-catalog shows every ID${missing:+; missing: $(echo $missing)}" \
		'[ -n "$ids" ] && [ -z "$missing" ]'
fi

finish
