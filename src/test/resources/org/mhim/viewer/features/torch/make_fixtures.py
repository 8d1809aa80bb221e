# Makes the small test inputs of TorchZipTest with PyTorch 1.13 (Debian python3-torch, /usr/bin/python3).
# Run from this folder: /usr/bin/python3 make_fixtures.py. The tests themselves never need Python.
import torch

x = torch.arange(24, dtype=torch.float32).reshape(4, 6)
# Views keep the whole storage: 'a' has an offset and strides (6, 2), 'b' is transposed, 'c' a row.
torch.save({'a': x[1:, ::2], 'b': x.t(), 'c': x[2]}, 'views.pt')

v = torch.tensor([1.5, -2.25, 65504.0, 1e-3, 3.0e38, -0.0])
torch.save({
    'f16': v[:4].half(),
    'bf16': v.bfloat16(),
    'f64': v.double(),
    'i64': torch.tensor([-(2 ** 40), -1, 0, 2 ** 40]),
    'i32': torch.tensor([-7, 70000], dtype=torch.int32),
    'i16': torch.tensor([-300, 300], dtype=torch.int16),
    'i8': torch.tensor([-128, 127], dtype=torch.int8),
    'u8': torch.tensor([0, 255], dtype=torch.uint8),
    'bool': torch.tensor([True, False, True]),
    'scalar': torch.tensor(3.5),
    'empty': torch.zeros(0, 3),
    'param': torch.nn.Parameter(torch.ones(2, 2)),
}, 'dtypes.pt')

torch.save({'epoch': 7, 'lr': 0.5, 'name': 'mhim', 'none': None, 'flag': True,
            'big': -(2 ** 40), 'list': [1, 2.5, 'x'], 'tuple': (1, (2, 3)),
            'weights': torch.ones(2)}, 'plain.pt')

torch.save(torch.arange(6, dtype=torch.float32).reshape(2, 3), 'legacy.pt',
           _use_new_zipfile_serialization=False)
