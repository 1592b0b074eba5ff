#!/usr/bin/env bash
# The services analyzer end to end: a BusyBox-style root filesystem whose boot
# files start a bind shell, telnetd, tftpd and gdbserver, packed with tar and
# gzip; and a clean tree made of this machine's own init scripts and systemd
# units plus Debian's default sshd_config, which gives no high finding.
. "$(dirname "$0")/lib.sh"

root=$TMP/rootfs
mkdir -p "$root/etc/init.d" "$root/etc/ssh" "$root/etc/config" "$root/etc/crontabs"
cat >"$root/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
ttyS0::respawn:/bin/sh
::ctrlaltdel:/sbin/reboot
EOF
cat >"$root/etc/init.d/rcS" <<'EOF'
#!/bin/sh
mount -a
# telnetd -l /bin/sh   (disabled)
echo "telnetd -l /bin/sh" >/tmp/note
telnetd -l /bin/sh -p 9527 &
udpsvd -vE 0 69 tftpd -c /tftpboot &
gdbserver 0.0.0.0:2345 --attach 1 &
EOF
chmod +x "$root/etc/init.d/rcS"
printf 'PermitRootLogin yes\nPermitEmptyPasswords yes\n' >"$root/etc/ssh/sshd_config"
printf "config dropbear\n\toption PasswordAuth 'on'\n" >"$root/etc/config/dropbear"
printf '@reboot /usr/bin/nc -l -p 4444 -e /bin/ash\n' >"$root/etc/crontabs/root"
tar -C "$root" -czf "$TMP/rootfs.tar.gz" etc

"$GLASSBOX" scan -q "$TMP/rootfs.tar.gz" --db "$TMP/db" -o "$TMP/r.json"
check "scan exits 0" [ $? -eq 0 ]
n() { jsonq "$TMP/r.json" "sum(1 for f in d['findings'] if f['rule_id']=='$1' and ($2))"; }
check "telnetd -l /bin/sh is a bind shell" [ "$(n GB-SVC-003 "f['path']=='/etc/init.d/rcS' and f['line']==5")" = 1 ]
check "nc -e from cron is a bind shell" [ "$(n GB-SVC-003 "f['path']=='/etc/crontabs/root'")" = 1 ]
check "comment and echo are not commands" [ "$(n GB-SVC-003 "True")" = 2 ]
check "tftpd under udpsvd" [ "$(n GB-SVC-002 "'tftpd' in f['evidence']")" = 1 ]
check "shell on ttyS0 without login" [ "$(n GB-SVC-004 "f['path']=='/etc/inittab' and f['line']==2")" = 1 ]
check "empty passwords over ssh" [ "$(n GB-SVC-005 "True")" = 1 ]
check "root password login: sshd and dropbear" [ "$(n GB-SVC-006 "True")" = 2 ]
check "gdbserver at boot" [ "$(n GB-SVC-007 "'gdbserver' in f['evidence']")" = 1 ]
check "bind shell is critical" [ "$(n GB-SVC-003 "f['severity']=='critical'")" = 2 ]
check "clause 4.3.2.1 fails" \
	[ "$(jsonq "$TMP/r.json" "[c['verdict'] for c in d['ts33117'] if c['clause']=='4.3.2.1'][0]")" = fail ]

clean=$TMP/clean
mkdir -p "$clean/etc/ssh" "$clean/lib/systemd"
[ -d /etc/init.d ] && cp -r /etc/init.d "$clean/etc/"
[ -d /lib/systemd/system ] && cp -r /lib/systemd/system "$clean/lib/systemd/"
[ -d /etc/cron.d ] && cp -r /etc/cron.d "$clean/etc/"
# Debian 12's default sshd_config (openssh-server): its active lines and the commented defaults that matter.
cat >"$clean/etc/ssh/sshd_config" <<'EOF'
Include /etc/ssh/sshd_config.d/*.conf
#PermitRootLogin prohibit-password
#PasswordAuthentication yes
#PermitEmptyPasswords no
KbdInteractiveAuthentication no
UsePAM yes
X11Forwarding yes
PrintMotd no
AcceptEnv LANG LC_*
Subsystem	sftp	/usr/lib/openssh/sftp-server
EOF
"$GLASSBOX" scan -q "$clean" --db "$TMP/db" -o "$TMP/c.json"
check "clean scan exits 0" [ $? -eq 0 ]
check "clean tree: no high or critical finding" \
	[ "$(jsonq "$TMP/c.json" "sum(1 for f in d['findings'] if f['severity'] in ('high','critical'))")" = 0 ]
check "clean tree: no service finding at all" \
	[ "$(jsonq "$TMP/c.json" "sum(1 for f in d['findings'] if f['rule_id'].startswith('GB-SVC'))")" = 0 ]
finish
