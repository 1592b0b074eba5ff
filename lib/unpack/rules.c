/*
 * Findings the extractor itself reports. A limit that stops extraction is
 * evidence too: it says which part of the input was not examined and why.
 */
#include <stddef.h>

#include "glassbox/finding.h"
#include "unpack/rules.h"

const gb_rule gb_extraction_rules[] = {
    {GB_R_DEPTH, "Container nesting exceeds the depth limit", GB_SEV_LOW, "extraction", "CWE-674", "",
     "A container was found deeper than --max-depth; it was inventoried but not unpacked, so its "
     "contents were not examined. Deep nesting is also how decompression bombs are built."},
    {GB_R_FILES, "Number of files exceeds the file limit", GB_SEV_LOW, "extraction", "CWE-400", "",
     "Extraction stopped adding files at --max-files; the rest of the input was not examined."},
    {GB_R_TOTAL, "Extracted bytes exceed the total size limit", GB_SEV_LOW, "extraction", "CWE-400", "",
     "Extraction stopped writing at --max-total; the rest of the input was not examined."},
    {GB_R_RATIO, "Decompression ratio exceeds the expansion limit (decompression bomb)", GB_SEV_MEDIUM,
     "extraction", "CWE-409", "",
     "A stream expanded more than --max-ratio times its compressed size; it was cut off. Real "
     "firmware rarely does this; decompression bombs do."},
    {GB_R_TIME, "Container took longer than the time limit", GB_SEV_LOW, "extraction", "CWE-400", "",
     "Extraction of one container ran past --max-node-seconds and was stopped."},
    {GB_R_TRAVERSAL, "Archive entry name leaves the extraction root (path traversal)", GB_SEV_MEDIUM,
     "extraction", "CWE-22", "",
     "An entry name climbs out of its container with \"..\". glassbox did not write it. An update "
     "package built this way can overwrite arbitrary files on a device that unpacks it naively."},
    {GB_R_LINKWRITE, "Archive entry would be written through a symbolic link", GB_SEV_MEDIUM, "extraction",
     "CWE-59", "",
     "An entry's path goes through a symlink created by an earlier entry (e.g. link -> /etc, then "
     "link/passwd). glassbox did not follow it. Naive unpackers on the device would."},
    {GB_R_BADNAME, "Archive entry name is unusable", GB_SEV_INFO, "extraction", "", "",
     "An entry name is empty, too long or otherwise cannot be represented; the entry was skipped."},
    {GB_R_CORRUPT, "Container is corrupt or truncated", GB_SEV_INFO, "extraction", "", "",
     "A container could not be read completely. What could be read was kept; the inventory row "
     "says what was wrong and where."},
    {GB_R_HARDLINK, "Hard link points outside its container", GB_SEV_LOW, "extraction", "CWE-59", "",
     "A hard link names a target that is not a regular file extracted from the same container; it "
     "was recorded and not created."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};
