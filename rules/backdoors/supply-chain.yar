/*
 * glassbox known-backdoor pack: backdoors inserted upstream of the vendor, in
 * open-source components network equipment is built from. See
 * vendor-backdoors.yar for the meta fields.
 */

rule GB_XZ_liblzma_Backdoor_Object
{
    meta:
        description = "xz-utils 5.6.0/5.6.1 liblzma built with the backdoor object (x86-64): the byte signature of the hooked function published with the discovery (it hooks RSA_public_decrypt in sshd through systemd's libsystemd)"
        reference = "https://www.openwall.com/lists/oss-security/2024/03/29/4"
        cve = "CVE-2024-3094"
        severity = "critical"
        ts33117 = "4.2.3.3.5,4.3.2.4"
    strings:
        $sig = { F3 0F 1E FA 55 48 89 F5 4C 89 CE 53 89 FB 81 E7 00 00 00 80 48 83 EC 28 48 89 54 24 18 48 89 4C 24 10 }
    condition:
        $sig
}

rule GB_XZ_build_to_host_m4_Injection
{
    meta:
        description = "The modified gnulib build-to-host.m4 of the xz-utils 5.6.0/5.6.1 release tarballs: it greps the source tree for the ####Hello#### marker and pipes the test file through tr to start the backdoor's build stage"
        reference = "https://www.openwall.com/lists/oss-security/2024/03/29/4"
        cve = "CVE-2024-3094"
        severity = "critical"
        ts33117 = "4.2.3.3.5"
    strings:
        $grep = "grep -aErls \"#{4}[[:alnum:]]{5}#{4}$\""
        $map = "gl_path_map='tr \"\\t \\-_\" \" \\t_\\-\"'"
    condition:
        $grep or $map
}

rule GB_XZ_Backdoor_Test_Files
{
    meta:
        description = "xz-utils 5.6.0/5.6.1 source or build files naming both test files that carry the backdoor payload (bad-3-corrupt_lzma2.xz and good-large_compressed.lzma)"
        reference = "https://www.openwall.com/lists/oss-security/2024/03/29/4"
        cve = "CVE-2024-3094"
        severity = "critical"
        ts33117 = "4.2.3.3.5"
    strings:
        $a = "bad-3-corrupt_lzma2.xz"
        $b = "good-large_compressed.lzma"
    condition:
        $a and $b
}
