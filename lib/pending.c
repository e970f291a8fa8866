/* Temporary: engines and training not yet implemented in this revision. */
#include "vram_private.h"

vram_status vram__estimate_vllm(const vram_model *m, const vram_config *c, const vram__work *w,
                                vram_result *r)
{
    (void)m; (void)c; (void)w; (void)r;
    return vram__fail(VRAM_E_UNSUPPORTED, "engine vllm is not implemented yet");
}

vram_status vram__estimate_llama_cpp(const vram_model *m, const vram_config *c,
                                     const vram__work *w, vram_result *r)
{
    (void)m; (void)c; (void)w; (void)r;
    return vram__fail(VRAM_E_UNSUPPORTED, "engine llama.cpp is not implemented yet");
}

vram_status vram__estimate_training(const vram_model *m, const vram_config *c,
                                    const vram__work *w, vram_result *r)
{
    (void)m; (void)c; (void)w; (void)r;
    return vram__fail(VRAM_E_UNSUPPORTED, "training estimates are not implemented yet");
}
