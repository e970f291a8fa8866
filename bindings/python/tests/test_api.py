"""The JSON API (vram_api_call) and the buffer protocol behind it."""

import json
import unittest

import vramest
from vramest import Status, VramError

from support import LLAMA_31_8B_BF16_BYTES

# The seed vLLM calculator's request fields (DESIGN.md section 7)
REQUEST = {"model_name": "meta-llama/Llama-3.1-8B", "max_seq_len": 4096, "dtype": "bfloat16"}


class TestApiCall(unittest.TestCase):
    def test_library_exports_it(self):
        # the library built beside the binding has the JSON API: these tests
        # run, they do not skip
        self.assertTrue(vramest.has_function("vram_api_call"))

    def test_request_forms_agree(self):
        text = json.dumps(REQUEST)
        status, response = vramest.api_call_status(REQUEST)
        self.assertIs(status, Status.OK)
        self.assertNotIn("error", response)
        self.assertEqual(vramest.api_call(text), response)
        self.assertEqual(vramest.api_call(text.encode()), response)
        # the weights of the bf16 checkpoint, plus the rotary cos/sin cache
        # vLLM (the API's default engine) keeps: 131,072 positions x 128 x 2 bytes
        weights = response["devices"][0]["parts"]["weights"]
        self.assertEqual(weights, LLAMA_31_8B_BF16_BYTES + 131072 * 128 * 2)

    def test_request_error_is_returned_not_raised(self):
        # malformed JSON, and JSON that is not a request object
        for bad in ('{"model_name": ', b'"meta-llama/Llama-3.1-8B"'):
            with self.subTest(request=bad):
                status, response = vramest.api_call_status(bad)
                self.assertNotEqual(status, Status.OK)
                # vramest.h: {"api_version": 1, "error": {"code": ..., "message": ...}}
                self.assertEqual(response["api_version"], 1)
                self.assertEqual(response["error"]["code"], vramest.status_name(status))
                self.assertTrue(response["error"]["message"])
                self.assertEqual(vramest.api_call(bad), response)

    def test_text_is_the_library_answer(self):
        status, text = vramest.api_call_text(REQUEST)
        self.assertIs(status, Status.OK)
        self.assertIsInstance(text, str)
        self.assertTrue(text.startswith('{"api_version": 1'), text[:40])
        self.assertEqual(json.loads(text), vramest.api_call(REQUEST))
        # an error answer comes back as text too, with its status
        status, text = vramest.api_call_text('{"model_name": "meta-llama/Llama-3.1-8B", '
                                             '"max_seq_len": -5}')
        self.assertIs(status, Status.E_RANGE)
        error = json.loads(text)["error"]
        self.assertEqual(error["code"], "VRAM_E_RANGE")
        self.assertIn("max_seq_len", error["message"])
        self.assertIn("-5", error["message"])


class TestBufferProtocol(unittest.TestCase):
    """vramest._grow, which both vram_result_to_json and vram_api_call use."""

    def test_grows_to_the_needed_size(self):
        text = "x" * 40000
        sizes = []

        def call(buf, cap, needed):
            sizes.append(cap)
            needed._obj.value = len(text) + 1
            if cap < len(text) + 1:
                return Status.E_BUFFER_TOO_SMALL
            buf.value = text.encode()
            return Status.OK

        self.assertEqual(vramest._grow(call, "test"), (Status.OK, text))
        self.assertEqual(sizes, [16384, 40001])

    def test_a_library_that_keeps_refusing_raises(self):
        def same_size(buf, cap, needed):
            needed._obj.value = cap  # "too small" for the size it asked for
            return Status.E_BUFFER_TOO_SMALL

        def ever_larger(buf, cap, needed):
            needed._obj.value = cap * 2
            return Status.E_BUFFER_TOO_SMALL

        for call in (same_size, ever_larger):
            with self.subTest(call=call.__name__), self.assertRaises(VramError) as cm:
                vramest._grow(call, "test")
            self.assertEqual(cm.exception.code, Status.E_BUFFER_TOO_SMALL)


if __name__ == "__main__":
    unittest.main()
