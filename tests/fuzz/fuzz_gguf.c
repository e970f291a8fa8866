/*
 * fuzz_gguf.c - vram_model_from_gguf_buffer on the input as the first bytes
 * of a GGUF file, then an inference estimate with a default config (the
 * transformers engine) and on the llama.cpp engine, which reads the file's
 * exact tensor bytes.
 *
 * Invariants: those of fuzz_common.h.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vram_model *m = (vram_model *)1;
    fz_clear();
    /* a zero-length input still passes a valid pointer */
    vram_status st = vram_model_from_gguf_buffer(size ? (const void *)data : "", size, &m);
    fz_source(st, m, "vram_model_from_gguf_buffer", false, true);
    return 0;
}
