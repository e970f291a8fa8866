/*
 * version.c - the version of the library actually loaded (zstd
 * ZSTD_versionNumber(), sqlite3_libversion_number()).
 */
#include "vram_private.h"

VRAM_API unsigned vram_version_number(void)
{
    return VRAM_VERSION_NUMBER;
}

VRAM_API const char *vram_version_string(void)
{
    return VRAM_VERSION_STRING;
}
