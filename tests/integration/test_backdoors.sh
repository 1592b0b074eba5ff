#!/usr/bin/env bash
# The known-backdoor YARA pack end to end: every shipped rule fires on a small
# file carrying the indicator its reference documents (planted in a tar.gz
# root filesystem, as a vendor image would carry it), and on nothing else;
# Debian's own packages and the clean fixtures give no backdoor finding;
# --rules adds a user's rules; `glassbox rules test` and a scan with broken
# rules report FILE:LINE.
. "$(dirname "$0")/lib.sh"

r=$TMP/rootfs
mkdir -p "$r/bin" "$r/usr/sbin" "$r/etc/init.d" "$r/www" "$r/lib" "$r/src/m4" "$r/etc/nginx"
# plant FILE RULE CONTENT (printf format, binary bytes around it)
declare -A expect
plant() {
	local file=$1 rule=$2; shift 2
	{ printf '\177ELF\001\001\001\000'; head -c 64 /dev/zero; printf "$@"; head -c 32 /dev/zero; } >"$r/$file"
	expect[$rule]=/$file
}
plant usr/sbin/sshd-screenos GB_Juniper_ScreenOS_Backdoor_Password "auth ok\0<<< %%s(un='%%s') = %%u\0"
plant bin/sshd-forti GB_Fortinet_FortiOS_SSH_Backdoor_Password 'Fortimanager_Access\0FGTAbc11*xy+Qqz27\0'
plant bin/zysh GB_Zyxel_zyfwp_Hardcoded_Account 'zyfwp\0PrOw!aN_fXp\0'
plant www/webs GB_DLink_Alphanetworks_UserAgent_Backdoor 'User-Agent\0xmlset_roodkcableoj28840ybtide\0'
plant etc/init.d/S80telnetd.sh GB_DLink_Alphanetworks_Telnet_Account 'telnetd -l /usr/sbin/login -u Alphanetworks:$image_sign -i br0 &\n'
plant bin/httpd GB_Tenda_w302r_mfg_UDP7329_Backdoor 'MfgThread\0w302r_mfg\0'
plant bin/igdmptd GB_Netcore_Netis_igdmptd_UDP53413_Backdoor 'IGD MPT Interface daemon 1.0\0'
plant usr/sbin/scfgmgr GB_Sercomm_TCP32764_Backdoor 'scfgmgr\0ScMM\0'
plant www/httpd-tplink GB_TPLink_NatDebug_Hidden_Shell '/userRpmNatDebugRpm26525557/start_art.html\0osteam\0005up\0'
plant usr/sbin/telnetenabled GB_Netgear_telnetenable_Magic 'AMBIT_TELNET_ENABLE+\0'
plant bin/potd GB_Arris_Password_Of_The_Day_Seed 'MPSJKMDHAI\0'
plant etc/passwd.hik GB_Hikvision_Hardcoded_Root_Hash 'root:ToCOv8qxP13qs:0:0:root:/root/:/bin/psh\n'
plant bin/hikscan GB_Hikvision_CVE_2017_7921_Magic_Auth 'GET /Security/users?auth=YWRtaW46MTEK HTTP/1.1\r\n'
plant etc/nginx/cisco_service.conf GB_Cisco_IOSXE_WebUI_Implant 'location /webui/logoutconfirm.html {\n if ($arg_logon_hash = 1) { return 200; }\n}\n'
plant lib/liblzma.so.5.6.1 GB_XZ_liblzma_Backdoor_Object '\363\017\036\372\125\110\211\365\114\211\316\123\211\373\201\347\000\000\000\200\110\203\354\050\110\211\124\044\030\110\211\114\044\020'
plant src/m4/build-to-host.m4 GB_XZ_build_to_host_m4_Injection "gl_am_configmake=\`grep -aErls \"#{4}[[:alnum:]]{5}#{4}\$\" \$srcdir/ 2>/dev/null\`\n"
plant src/Makefile.in GB_XZ_Backdoor_Test_Files 'EXTRA_DIST = files/bad-3-corrupt_lzma2.xz files/good-large_compressed.lzma\n'
plant bin/mirai GB_Mirai_Credential_Table 'PMMV\0ZA\021\027\023\023\0TKXZT\0CFOKL\0'
plant bin/gafgyt GB_Gafgyt_Bashlite_Commands 'PING\0LOLNOGTFO\0KILLATTK\0'
plant bin/vpnfilter GB_VPNFilter_Stage1 'http://toknowall.com/manage/content/update.php\0'
plant bin/bpfdoor GB_BPFDoor_Passive_Backdoor '/dev/shm/kdmtmpflush\0/var/run/haldrund.pid\0'
tar -C "$r" -czf "$TMP/rootfs.tar.gz" .

"$GLASSBOX" scan -q "$TMP/rootfs.tar.gz" --db "$TMP/db" -o "$TMP/r.json"
check "scan exits 0" [ $? -eq 0 ]
n_yara=$("$GLASSBOX" rules list | grep -c '^GB_.*GB-BKD-001')
check "at least 20 shipped YARA rules ($n_yara)" [ "$n_yara" -ge 20 ]
check "every shipped rule has a sample here" [ "${#expect[@]}" -eq "$n_yara" ]
for rule in "${!expect[@]}"; do
	got=$(jsonq "$TMP/r.json" "sorted(set(f['path'] for f in d['findings'] if f['rule_id']=='GB-BKD-001' and f['evidence'].startswith('$rule;')))")
	check "$rule fires on ${expect[$rule]} only (got $got)" [ "$got" = "['${expect[$rule]}']" ]
done
check "known backdoors are critical, category backdoor" [ "$(jsonq "$TMP/r.json" \
	"set((f['severity'], f['category']) for f in d['findings'] if f['rule_id']=='GB-BKD-001')")" = "{('critical', 'backdoor')}" ]
check "evidence: reference, CVE, clauses, offset" [ "$(jsonq "$TMP/r.json" \
	"[f for f in d['findings'] if f['evidence'].startswith('GB_Fortinet')][0]['evidence']")" != "" ]
ev=$(jsonq "$TMP/r.json" "[f['evidence'] for f in d['findings'] if f['evidence'].startswith('GB_Fortinet')][0]")
check "evidence names the CVE and the reference" grep -q "cve: CVE-2016-1909; reference: https://" <<<"$ev"
check "evidence gives the string and offset of the match" grep -q 'matched $pw at 0x' <<<"$ev"
check "nothing reported from the tar stream itself" \
	[ "$(jsonq "$TMP/r.json" "sum(1 for f in d['findings'] if f['rule_id']=='GB-BKD-001' and f['path'].endswith('.tar'))")" = 0 ]

# User rules: a file and a directory.
mkdir -p "$TMP/myrules"
cat >"$TMP/myrules/vendor.yar" <<'YAR'
rule Vendor_Debug_Token { meta: description = "our own finding" severity = "high" strings: $a = "MfgThread" condition: $a }
YAR
"$GLASSBOX" scan -q "$TMP/rootfs.tar.gz" --db "$TMP/db" --rules "$TMP/myrules" -o "$TMP/u.json"
check "--rules DIR: user rule fires as GB-BKD-002 with its description" [ "$(jsonq "$TMP/u.json" \
	"[(f['path'], f['severity']) for f in d['findings'] if f['rule_id']=='GB-BKD-002' and 'our own finding' in f['evidence']]")" = "[('/bin/httpd', 'high')]" ]
check "the scan records its --rules" grep -q "myrules" <<<"$(jsonq "$TMP/u.json" "d['scan']['options']")"
check "rules list shows a user rule" grep -q "Vendor_Debug_Token" <<<"$("$GLASSBOX" rules list --rules "$TMP/myrules/vendor.yar")"

# Broken rules: FILE:LINE and a non-zero exit.
printf 'rule ok { condition: true }\n\nrule broken {\n  strings: $a = "x"\n  condition: $b\n}\n' >"$TMP/bad.yar"
out=$("$GLASSBOX" rules test "$TMP/bad.yar" 2>&1)
check "rules test: exit 1 on an error" [ $? -eq 1 ]
check "rules test: FILE:LINE of the error ($out)" grep -Eq "bad.yar:[56]: error: undefined string" <<<"$out"
"$GLASSBOX" rules test >/dev/null
check "rules test: the shipped pack compiles" [ $? -eq 0 ]
"$GLASSBOX" rules test "$TMP/myrules" >/dev/null
check "rules test: a directory" [ $? -eq 0 ]
"$GLASSBOX" scan -q "$TMP/rootfs.tar.gz" --db "$TMP/db" --rules "$TMP/bad.yar" -o "$TMP/x.json" 2>"$TMP/err"
check "scan with broken --rules: usage error" [ $? -eq 2 ]
check "scan with broken --rules: FILE:LINE" grep -Eq "bad.yar:[56]: error" "$TMP/err"
check "rules --help" "$GLASSBOX" rules --help
check "rules list --markdown has the YARA table" grep -q '^| GB_Juniper_ScreenOS_Backdoor_Password | CVE-2015-7755' \
	<<<"$("$GLASSBOX" rules list --markdown)"

# Every shipped rule needs one of its strings, so a file holding none of them is
# not handed to libyara at all. A pack with a rule that needs no string (here
# one put in GB_RULES_DIR) must still see every file.
p=$TMP/small
mkdir -p "$p/etc" "$p/bin" "$TMP/pack/backdoors"
printf 'welcome\n' >"$p/etc/motd"
printf 'MfgThread\0w302r_mfg\0padding to be over forty bytes long\n' >"$p/bin/httpd"
tar -C "$p" -czf "$TMP/small.tar.gz" .
cat >"$TMP/pack/backdoors/test.yar" <<'YAR'
rule GB_Test_Tiny_File { meta: description = "under 40 bytes" condition: filesize < 40 }
rule GB_Test_Tenda { meta: description = "Tenda magic" strings: $m = "w302r_mfg" condition: $m }
YAR
GB_RULES_DIR=$TMP/pack "$GLASSBOX" scan -q "$TMP/small.tar.gz" --db "$TMP/db-pack" -o "$TMP/pack.json"
bkd() { jsonq "$1" "sorted((f['path'], f['evidence'].split(';')[0]) for f in d['findings'] if f['rule_id']=='GB-BKD-001')"; }
check "a rule without strings fires on a file without the pack's strings ($(bkd "$TMP/pack.json"))" \
	[ "$(bkd "$TMP/pack.json")" = "[('/bin/httpd', 'GB_Test_Tenda'), ('/etc/motd', 'GB_Test_Tiny_File')]" ]
"$GLASSBOX" scan -q "$TMP/small.tar.gz" --db "$TMP/db" -o "$TMP/small.json"
check "the shipped pack: the Tenda file only ($(bkd "$TMP/small.json"))" \
	[ "$(bkd "$TMP/small.json")" = "[('/bin/httpd', 'GB_Tenda_w302r_mfg_UDP7329_Backdoor')]" ]

# Negative: Debian's own packages (two architectures) and this machine's /usr/bin.
debs=$(fixture debs-sbom)
for arch in amd64 armhf; do
	"$GLASSBOX" scan -q "$debs/$arch/root" --db "$TMP/db" -o "$TMP/clean-$arch.json"
	check "Debian $arch: no YARA finding" [ "$(jsonq "$TMP/clean-$arch.json" \
		"sum(1 for f in d['findings'] if f['rule_id'].startswith('GB-BKD'))")" = 0 ]
done
"$GLASSBOX" scan -q /usr/bin --db "$TMP/db" -o "$TMP/usrbin.json"
check "/usr/bin: no YARA finding" [ "$(jsonq "$TMP/usrbin.json" \
	"[f['path'] for f in d['findings'] if f['rule_id'].startswith('GB-BKD')]")" = "[]" ]
for img in "$GB_FIXTURES"/routers/*/router-*.bin; do
	[ -e "$img" ] || continue
	"$GLASSBOX" scan -q "$img" --db "$TMP/db" -o "$TMP/router.json"
	check "$(basename "$img"): no backdoor finding" [ "$(jsonq "$TMP/router.json" \
		"sum(1 for f in d['findings'] if f['category']=='backdoor')")" = 0 ]
done
finish
