"""The GPU catalog through the binding."""

import unittest

import vramest
from vramest import Status, VramError

# NVIDIA/nccl#1264, nvidia-smi: "NVIDIA H100 80GB HBM3 ... 0MiB / 81559MiB"
H100_BYTES = 81559 * 1024 * 1024


class TestGpus(unittest.TestCase):
    def test_catalog(self):
        rows = vramest.gpus()
        self.assertGreaterEqual(len(rows), 24)  # the 24-GPU catalog of 0.1
        self.assertEqual([r["index"] for r in rows], list(range(len(rows))))
        fields = {"index"} | {field for _, field, _ in vramest.GPU_FIELDS}
        for row in rows:
            with self.subTest(gpu=row["name"]):
                self.assertEqual(set(row), fields)
                for _, field, kind in vramest.GPU_FIELDS:
                    self.assertIsInstance(row[field], kind)
                self.assertTrue(row["name"])
                self.assertGreater(row["memory_bytes"], 0)
                self.assertLessEqual(row["usable_bytes"], row["memory_bytes"])
                self.assertEqual(vramest.gpu_find(row["name"]), row)
                for alias in row["aliases"]:
                    self.assertEqual(vramest.gpu_find(alias)["index"], row["index"])

    def test_find(self):
        h100 = vramest.gpu_find("h100")
        self.assertEqual(h100["name"], "H100-80GB")
        self.assertEqual(h100["memory_bytes"], H100_BYTES)
        self.assertEqual(h100["vendor"], "NVIDIA")
        self.assertEqual(vramest.gpu_find(b"NVIDIA H100 80GB HBM3"), h100)
        self.assertEqual(vramest.gpu(h100["index"]), h100)
        with self.assertRaises(VramError) as cm:
            vramest.gpu_find("H100-90GB")
        self.assertEqual(cm.exception.code, Status.E_NOT_FOUND)
        self.assertIn("H100-90GB", cm.exception.message)
        with self.assertRaises(VramError) as cm:
            vramest.gpu(len(vramest.gpus()))
        self.assertEqual(cm.exception.code, Status.E_RANGE)


if __name__ == "__main__":
    unittest.main()
