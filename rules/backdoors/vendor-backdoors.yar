/*
 * glassbox known-backdoor pack: backdoors vendors (or intruders in their
 * build chain) left in network equipment firmware. Each rule matches the
 * indicator the cited research published: a hard-coded password, a magic
 * string or packet signature, a hidden page. Matched in any file of an
 * unpacked image (programs, scripts, web pages).
 *
 * Every rule carries: description, reference (advisory, CVE or research),
 * severity, ts33117 (the clauses a hit is evidence against) and cve where one
 * was assigned. `glassbox rules test` compiles this file; every rule has a
 * positive sample in tests/integration/test_backdoors.sh.
 */

rule GB_Juniper_ScreenOS_Backdoor_Password
{
    meta:
        description = "Juniper ScreenOS 6.2.0r15-6.3.0r20: unauthorized code accepts the master password \"<<< %s(un='%s') = %u\" for any user over SSH and telnet (it doubles as a format string so it looks like a log call)"
        reference = "https://www.rapid7.com/blog/post/2015/12/20/cve-2015-7755-juniper-screenos-authentication-backdoor/"
        cve = "CVE-2015-7755"
        severity = "critical"
        ts33117 = "4.2.3.4.2.3,4.2.3.4.2.1"
    strings:
        $pw = "<<< %s(un='%s') = %u"
    condition:
        $pw
}

rule GB_Fortinet_FortiOS_SSH_Backdoor_Password
{
    meta:
        description = "FortiOS 4.3.0-4.3.16 and 5.0.0-5.0.7 (and FortiAnalyzer, FortiSwitch, FortiCache): the undocumented Fortimanager_Access SSH account answers its challenge with the hard-coded secret FGTAbc11*xy+Qqz27"
        reference = "https://www.fortiguard.com/psirt/FG-IR-16-001"
        cve = "CVE-2016-1909"
        severity = "critical"
        ts33117 = "4.2.3.4.2.2,4.2.3.4.2.3"
    strings:
        $pw = "FGTAbc11*xy+Qqz27"
    condition:
        $pw
}

rule GB_Zyxel_zyfwp_Hardcoded_Account
{
    meta:
        description = "Zyxel USG/ATP/VPN/USG FLEX firewalls (ZLD 4.60) and NXC AP controllers: undocumented admin account zyfwp with the unchangeable password PrOw!aN_fXp in clear text in the firmware (SSH and web login)"
        reference = "https://www.zyxel.com/support/CVE-2020-29583.shtml"
        cve = "CVE-2020-29583"
        severity = "critical"
        ts33117 = "4.2.3.4.2.2,4.2.3.4.2.3"
    strings:
        $pw = "PrOw!aN_fXp"
    condition:
        $pw
}

rule GB_DLink_Alphanetworks_UserAgent_Backdoor
{
    meta:
        description = "D-Link (Alpha Networks) routers, e.g. DIR-100, DIR-615, DI-524: the web server skips authentication when the User-Agent is xmlset_roodkcableoj28840ybtide (\"edit by 04882 joel backdoor\" reversed)"
        reference = "http://www.devttys0.com/2013/10/reverse-engineering-a-d-link-backdoor/"
        cve = "CVE-2013-6026"
        severity = "critical"
        ts33117 = "4.2.3.4.2.1,4.3.2.4"
    strings:
        $ua = "xmlset_roodkcableoj28840ybtide"
    condition:
        $ua
}

rule GB_DLink_Alphanetworks_Telnet_Account
{
    meta:
        description = "D-Link DIR routers built by Alpha Networks start telnetd at boot with the fixed account Alphanetworks and the image's signature string (/etc/config/image_sign) as its password, the same on every device of a model"
        reference = "https://nvd.nist.gov/vuln/detail/CVE-2026-42373 (DIR-605L; the same S80telnetd.sh line is in many Alpha Networks DIR firmwares)"
        cve = "CVE-2026-42373"
        severity = "critical"
        ts33117 = "4.2.3.4.2.2,4.2.3.4.2.3,4.3.2.1"
    strings:
        $cmd = "-u Alphanetworks:"
    condition:
        $cmd
}

rule GB_Tenda_w302r_mfg_UDP7329_Backdoor
{
    meta:
        description = "Tenda W302R/W330R (and rebrands such as Medialink MWN-WAPR150N): the GoAhead httpd's MfgThread listens on UDP 7329 and runs any command in a packet starting with the magic string w302r_mfg, as root and without authentication"
        reference = "http://www.devttys0.com/2013/10/from-china-with-love/"
        severity = "critical"
        ts33117 = "4.2.3.4.2.1,4.3.2.1,4.3.2.4"
    strings:
        $magic = "w302r_mfg"
    condition:
        $magic
}

rule GB_Netcore_Netis_igdmptd_UDP53413_Backdoor
{
    meta:
        description = "Netcore/Netis routers: the IGDMPTD daemon (\"IGD MPT Interface daemon\") listens on UDP 53413 on the WAN side behind one hard-coded password and lets the caller run commands and move files"
        reference = "http://blog.trendmicro.com/trendlabs-security-intelligence/netis-routers-leave-wide-open-backdoor/"
        severity = "critical"
        ts33117 = "4.2.3.4.2.3,4.3.2.1,4.3.2.2"
    strings:
        $banner = "IGD MPT Interface daemon"
        $name = "igdmptd"
        $port = "53413"
    condition:
        $banner or ($name and $port)
}

rule GB_Sercomm_TCP32764_Backdoor
{
    meta:
        description = "Sercomm-made routers sold by Cisco, Linksys, Netgear and Diamond: scfgmgr listens on TCP 32764 and speaks a protocol with the ScMM/MMcS header that dumps the configuration and runs commands without authentication"
        reference = "https://github.com/elvanderb/TCP-32764"
        severity = "critical"
        ts33117 = "4.2.3.4.2.1,4.3.2.1,4.3.2.4"
    strings:
        $prog = "scfgmgr"
        $be = "ScMM"
        $le = "MMcS"
    condition:
        $prog and ($be or $le)
}

rule GB_TPLink_NatDebug_Hidden_Shell
{
    meta:
        description = "TP-Link routers (e.g. TL-WR740N, WR741ND, WR743ND, SR20): hidden pages /userRpmNatDebugRpm26525557/start_art.html and linux_cmdline.html start a TFTP download and run shell commands, with the built-in account osteam/5up"
        reference = "https://sekurak.pl/tp-link-httptftp-backdoor/"
        severity = "critical"
        ts33117 = "4.2.3.4.2.2,4.2.3.4.2.3,4.3.2.4"
    strings:
        $page = "userRpmNatDebugRpm26525557"
    condition:
        $page
}

rule GB_Netgear_telnetenable_Magic
{
    meta:
        description = "Netgear (Ambit-derived) routers: telnetenabled opens a root telnet server when it receives a Blowfish-encrypted packet keyed with AMBIT_TELNET_ENABLE+, a hidden remote-access switch not under the operator's control"
        reference = "https://openwrt.org/toh/netgear/telnet.console"
        severity = "critical"
        ts33117 = "4.3.2.1,4.3.2.4"
    strings:
        $key = "AMBIT_TELNET_ENABLE+"
    condition:
        $key
}

rule GB_Arris_Password_Of_The_Day_Seed
{
    meta:
        description = "Arris cable modems (TM602A, TG862, SB6141...): the technician account's password of the day is derived from the date and the default seed MPSJKMDHAI, so anyone can compute it"
        reference = "https://github.com/borfast/arrispwgen"
        severity = "critical"
        ts33117 = "4.2.3.4.2.2,4.2.3.4.2.3"
    strings:
        $seed = "MPSJKMDHAI"
    condition:
        $seed
}

rule GB_Hikvision_Hardcoded_Root_Hash
{
    meta:
        description = "Hikvision IP cameras and recorders ship a root account whose DES crypt hash ToCOv8qxP13qs (password hiklinux) is the same on every device"
        reference = "https://blog.donbowman.ca/2018/01/18/hacking-the-hikvision-part-1/"
        severity = "critical"
        ts33117 = "4.2.3.4.2.2,4.2.3.4.2.3"
    strings:
        $hash = "root:ToCOv8qxP13qs:"
    condition:
        $hash
}

rule GB_Hikvision_CVE_2017_7921_Magic_Auth
{
    meta:
        description = "Tooling that uses the Hikvision authentication bypass: the magic auth parameter YWRtaW46MTEK (base64 of admin:11) gives unauthenticated access to users, configuration and snapshots; found in botnet exploit modules"
        reference = "https://www.cisa.gov/news-events/ics-advisories/icsa-17-124-01"
        cve = "CVE-2017-7921"
        severity = "critical"
        ts33117 = "4.2.3.4.2.1,4.3.2.4"
    strings:
        $auth = "auth=YWRtaW46MTEK"
    condition:
        $auth
}

rule GB_Cisco_IOSXE_WebUI_Implant
{
    meta:
        description = "Implant planted through CVE-2023-20198/CVE-2023-20273 on Cisco IOS XE: an nginx configuration block (cisco_service.conf) hooking /webui/logoutconfirm.html that answers to logon_hash and runs commands"
        reference = "https://blog.talosintelligence.com/active-exploitation-of-cisco-ios-xe-software/"
        cve = "CVE-2023-20198"
        severity = "critical"
        ts33117 = "4.2.3.3.5,4.3.2.4"
    strings:
        $path = "logoutconfirm.html"
        $hash = "logon_hash"
    condition:
        $path and $hash
}
