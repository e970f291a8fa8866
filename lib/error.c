/*
 * error.c - status codes, their strings, and the per-thread detail message.
 *
 * One table gives every code its enumerator name and description (as libuv's
 * UV_ERRNO_MAP does in src/uv-common.c), so vram_strerror() and
 * vram_status_name() cannot drift apart. The detail message is thread-local
 * (libgit2 src/util/errors.c keeps git_error_last per thread): scheduler
 * threads share const handles, so per-handle text would race.
 */
#include "vram_private.h"

#include <stdio.h>
#include <string.h>

static const struct {
    vram_status code;
    const char *name;
    const char *text;
} status_table[] = {
    {VRAM_OK, "VRAM_OK", "success"},
    {VRAM_E_INVALID_ARG, "VRAM_E_INVALID_ARG", "invalid argument (NULL pointer or malformed value)"},
    {VRAM_E_RANGE, "VRAM_E_RANGE", "value out of range"},
    {VRAM_E_TYPE, "VRAM_E_TYPE", "key used with the wrong value type"},
    {VRAM_E_UNKNOWN_KEY, "VRAM_E_UNKNOWN_KEY", "unknown key, part or enum value"},
    {VRAM_E_OVERFLOW, "VRAM_E_OVERFLOW", "result does not fit in 64 bits"},
    {VRAM_E_NOMEM, "VRAM_E_NOMEM", "out of memory"},
    {VRAM_E_UNSUPPORTED, "VRAM_E_UNSUPPORTED", "combination not supported"},
    {VRAM_E_INCOMPLETE, "VRAM_E_INCOMPLETE", "model lacks a required field"},
    {VRAM_E_PARSE, "VRAM_E_PARSE", "malformed document"},
    {VRAM_E_IO, "VRAM_E_IO", "file could not be read"},
    {VRAM_E_NOT_FOUND, "VRAM_E_NOT_FOUND", "name not found"},
    {VRAM_E_BUFFER_TOO_SMALL, "VRAM_E_BUFFER_TOO_SMALL", "output buffer too small"},
    {VRAM_E_INCONSISTENT, "VRAM_E_INCONSISTENT", "fields contradict each other"},
    {VRAM_E_DOES_NOT_FIT, "VRAM_E_DOES_NOT_FIT", "nothing fits the memory budget"},
    {VRAM_E_LIMIT, "VRAM_E_LIMIT", "input exceeds a documented limit"},
    {VRAM_E_READ_ONLY, "VRAM_E_READ_ONLY", "key is derived and read only"},
};

#define N_STATUS (sizeof status_table / sizeof status_table[0])

VRAM_API const char *vram_strerror(vram_status status)
{
    for (size_t i = 0; i < N_STATUS; i++)
        if (status_table[i].code == status)
            return status_table[i].text;
    return "unknown status";
}

VRAM_API const char *vram_status_name(vram_status status)
{
    for (size_t i = 0; i < N_STATUS; i++)
        if (status_table[i].code == status)
            return status_table[i].name;
    return "VRAM_E_UNKNOWN";
}

/* The one piece of mutable static state: per thread, no heap, no TLS key. */
static _Thread_local char last_error[VRAM__MSG_MAX];

VRAM_API const char *vram_last_error(void)
{
    return last_error;
}

vram_status vram__fail(vram_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    if (n < 0)
        last_error[0] = '\0';
    return st;
}

vram_status vram__fail_msg(vram_status st, const char *msg)
{
    size_t n = strlen(msg);
    if (n >= sizeof last_error)
        n = sizeof last_error - 1;
    memmove(last_error, msg, n);
    last_error[n] = '\0';
    return st;
}
