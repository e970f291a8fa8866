/*
 * quickstart.c - the smallest libvramest program: how much GPU memory does
 * Llama 3.1 8B need to serve 4 sequences of 8192 tokens in bfloat16?
 *
 * Build: cc quickstart.c $(pkg-config --cflags --libs vramest)
 */
#include <stdio.h>

#include <vramest.h>

int main(void)
{
    vram_model *model = NULL;
    vram_config *config = NULL;
    vram_result *result = NULL;
    uint64_t bytes;
    int rc = 1;

    /* the architecture, from the built-in catalog */
    if (vram_model_from_preset("meta-llama/Llama-3.1-8B", &model) != VRAM_OK ||
        /* the workload: everything not set keeps its documented default */
        vram_config_create(&config) != VRAM_OK ||
        vram_config_set_u64(config, VRAM_CFG_SEQ_LEN, 8192) != VRAM_OK ||
        vram_config_set_u64(config, VRAM_CFG_BATCH_SIZE, 4) != VRAM_OK ||
        vram_config_set_str(config, VRAM_CFG_DTYPE, "bfloat16") != VRAM_OK ||
        /* the estimate fills a result, part by part */
        vram_result_create(&result) != VRAM_OK ||
        vram_estimate_inference(model, config, result) != VRAM_OK) {
        fprintf(stderr, "quickstart: %s\n", vram_last_error());
        goto done;
    }

    printf("%s, 4 x 8192 tokens, bfloat16:\n", vram_model_name(model));
    for (vram_part part = VRAM_PART_WEIGHTS; vram_part_name(part); part++) {
        if (vram_result_bytes(result, 0, part, &bytes) == VRAM_OK && bytes > 0)
            printf("  %-16s %8.2f GiB\n", vram_part_name(part), (double)bytes / 1073741824.0);
    }
    vram_result_bytes(result, 0, VRAM_PART_TOTAL, &bytes);
    printf("  %-16s %8.2f GiB\n", "total", (double)bytes / 1073741824.0);
    rc = 0;

done:
    vram_result_destroy(result);
    vram_config_destroy(config);
    vram_model_destroy(model);
    return rc;
}
