#include "fuzz_common.h"

GB_FUZZ_HARNESS("bmp")
