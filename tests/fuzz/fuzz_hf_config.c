/*
 * fuzz_hf_config.c - vram_model_from_hf_config on the input as a config.json,
 * then, when a model comes out, vram_estimate_inference and
 * vram_estimate_lora with a default config: hostile shapes reach the
 * arithmetic of the estimates.
 *
 * Invariants: those of fuzz_common.h (a failure has a status and a message
 * and no model; a model that validates has a parameter count; an estimate
 * that succeeds sums, stays within its bands and does not wrap).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vram_model *m = (vram_model *)1;
    fz_clear();
    vram_status st = vram_model_from_hf_config((const char *)data, size, &m);
    fz_source(st, m, "vram_model_from_hf_config", true, false);
    return 0;
}
