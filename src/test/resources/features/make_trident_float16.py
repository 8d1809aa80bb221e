"""Makes trident-float16.h5: a TRIDENT-style feature file with float16 features [1, 4, 3].

jhdf cannot write half precision, so this small file is made once with h5py and committed.
Run: /usr/bin/python3 make_trident_float16.py (needs python3-h5py).
"""
import h5py
import numpy as np

features = np.array([[[1.0, 2.0, 3.0], [0.5, -1.25, 2.0], [0.0, 0.0, 0.0], [7.0, 8.0, 9.0]]], dtype=np.float16)
coords = np.array([[0, 0], [256, 0], [0, 256], [256, 256]], dtype=np.int64)
with h5py.File("trident-float16.h5", "w") as f:
    d = f.create_dataset("features", data=features)
    d.attrs["name"] = "conch_v15"
    c = f.create_dataset("coords", data=coords)
    c.attrs["patch_size"] = 256
    c.attrs["patch_size_level0"] = 256
    c.attrs["level0_magnification"] = 20
    c.attrs["target_magnification"] = 20
    c.attrs["overlap"] = 0
    c.attrs["name"] = "slide"
    c.attrs["savetodir"] = "None"
