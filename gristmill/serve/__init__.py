"""An OpenAI-compatible server for one base and many hot-swappable LoRA adapters, with tenants.

```python
from gristmill.serve import BackgroundServer, ServeSpec
with BackgroundServer(ServeSpec(run="runs/demo", tenants="tenants.yaml")) as server:
    print(server.url)   # /v1/models, /v1/chat/completions, /v1/completions, /v1/load_lora_adapter, ...
```
"""

from __future__ import annotations

from gristmill.serve.server import BackgroundServer, ServeSpec, build, serve

__all__ = ["BackgroundServer", "ServeSpec", "build", "serve"]
