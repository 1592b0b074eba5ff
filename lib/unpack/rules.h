#ifndef GB_UNPACK_RULES_H
#define GB_UNPACK_RULES_H

#define GB_R_DEPTH     "GB-EXTR-001"
#define GB_R_FILES     "GB-EXTR-002"
#define GB_R_TOTAL     "GB-EXTR-003"
#define GB_R_RATIO     "GB-EXTR-004"
#define GB_R_TIME      "GB-EXTR-005"
#define GB_R_TRAVERSAL "GB-EXTR-006"
#define GB_R_LINKWRITE "GB-EXTR-007"
#define GB_R_BADNAME   "GB-EXTR-008"
#define GB_R_CORRUPT   "GB-EXTR-009"
#define GB_R_HARDLINK  "GB-EXTR-010"

#endif
