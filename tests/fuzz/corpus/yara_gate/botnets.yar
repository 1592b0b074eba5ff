/*
 * glassbox known-backdoor pack: implants and botnets found on network
 * equipment. A hit means the image carries malware, not a vendor flaw. See
 * vendor-backdoors.yar for the meta fields.
 */

rule GB_Mirai_Credential_Table
{
    meta:
        description = "Mirai bot: the telnet brute-force table of default credentials, each string XOR-obfuscated with 0x22 as in the published source (root, xc3511, vizxv, admin, xmhdipc, juantech, 7ujMko0admin)"
        reference = "https://github.com/jgamblin/Mirai-Source-Code/blob/master/mirai/bot/scanner.c"
        severity = "critical"
        ts33117 = "4.2.3.3.5,4.2.3.4.2.3"
    strings:
        $root = { 50 4D 4D 56 00 }
        $xc3511 = { 5A 41 11 17 13 13 00 }
        $vizxv = { 54 4B 58 5A 54 00 }
        $admin = { 43 46 4F 4B 4C 00 }
        $xmhdipc = { 5A 4F 4A 46 4B 52 41 00 }
        $juantech = { 48 57 43 4C 56 47 41 4A 00 }
        $xm = { 15 57 48 6F 49 4D 12 43 46 4F 4B 4C 00 }
    condition:
        $root and 3 of ($xc3511, $vizxv, $admin, $xmhdipc, $juantech, $xm)
}

rule GB_Gafgyt_Bashlite_Commands
{
    meta:
        description = "Gafgyt/BASHLITE (Qbot) IoT bot: the plain-text command words of its IRC-like C2 protocol (LOLNOGTFO kills the bot, KILLATTK stops attacks, GETLOCALIP reports the address)"
        reference = "Bashlite source code leaked in 2015; Marzano et al., The Evolution of Bashlite and Mirai IoT Botnets, IEEE ISCC 2018"
        severity = "critical"
        ts33117 = "4.2.3.3.5"
    strings:
        $a = "LOLNOGTFO" fullword
        $b = "KILLATTK" fullword
        $c = "GETLOCALIP" fullword
    condition:
        2 of them
}

rule GB_VPNFilter_Stage1
{
    meta:
        description = "VPNFilter stage 1 (router and NAS implant attributed to Sandworm/APT28): fetches its stage 2 address from photobucket image metadata, falling back to toknowall.com"
        reference = "https://blog.talosintelligence.com/vpnfilter/"
        severity = "critical"
        ts33117 = "4.2.3.3.5"
    strings:
        $domain = "toknowall.com"
        $pb1 = "photobucket.com/user/jeniferaniston1"
        $pb2 = "photobucket.com/user/amandaseyfried1"
        $pb3 = "photobucket.com/user/suwe8"
        $pb4 = "photobucket.com/user/bob7301"
    condition:
        $domain or 2 of ($pb*)
}

rule GB_BPFDoor_Passive_Backdoor
{
    meta:
        description = "BPFDoor (Red Menshen), a passive Linux backdoor used against telecom operators: a BPF filter wakes it on a magic packet; it copies itself to /dev/shm/kdmtmpflush and locks with /var/run/haldrund.pid or kdevrund.pid"
        reference = "https://sandflysecurity.com/blog/bpfdoor-an-evasive-linux-backdoor-technical-analysis/"
        severity = "critical"
        ts33117 = "4.2.3.3.5,4.3.2.4"
    strings:
        $copy = "kdmtmpflush"
        $pid1 = "/var/run/haldrund"
        $pid2 = "/var/run/kdevrund"
    condition:
        $copy and ($pid1 or $pid2)
}
