# Reference throughput: transformers' RobertaModel at RoBERTa-large's shape, random weights,
# full 512-token batches, mean pooling over the mask, as HfEmbedder does.
import json, sys, time, torch
from transformers import RobertaConfig, RobertaModel
dtype = torch.bfloat16 if sys.argv[1] == "bf16" else torch.float32
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 32
config = RobertaConfig(vocab_size=50265, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                       intermediate_size=4096, max_position_embeddings=514, type_vocab_size=1)
torch.manual_seed(0)
model = RobertaModel(config, add_pooling_layer=False).to("cuda", dtype).eval()
ids = torch.randint(3, 50265, (batch, 512), device="cuda")
mask = torch.ones_like(ids)
def run():
    with torch.no_grad():
        h = model(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).to(h.dtype)
        return (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
run(); torch.cuda.synchronize()
start = time.time(); n = 10
for _ in range(n): run()
torch.cuda.synchronize()
print(json.dumps({"impl": "transformers", "precision": sys.argv[1], "batch": batch, "sequences_per_second": n * batch / (time.time() - start),
                  "attn": model.config._attn_implementation}))
