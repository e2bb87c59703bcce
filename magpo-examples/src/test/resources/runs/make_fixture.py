# Generates the synthetic run-directory fixture (format of docs/output-format.md). Run from the repository root:
#   python3 magpo-examples/src/test/resources/runs/make_fixture.py
import json, random, os, math
root = 'magpo-examples/src/test/resources/runs'
fields = dict(totalTimesteps=32768, learningRate=2.5e-4, updateBatchSize=2, rolloutLength=128, numEnvs=16, ppoEpochs=4,
  numMinibatches=2, gamma=0.99, gaeLambda=0.95, clipEps=0.2, entCoef=0.01, vfCoef=0.5, maxGradNorm=0.5, clipGpo=1.5,
  alpha=1.0, decayLearningRates=False, addAgentId=True, embedDim=64, nBlock=1, nHead=1, decayScalingFactor=0.8,
  timestepPositionalEncoding=True, learnerPreTorsoWidth=128, learnerGruWidth=128, learnerPostTorsoWidth=128,
  numEvaluations=4, evalEpisodes=4, absoluteMetricEpisodes=8, evaluationGreedy=False, absoluteMetric=True, seed=0)
cols = "step,update,episode_return,episode_length,guider_loss,clip_loss,guider_kl,entropy,value_loss,learner_loss,learner_rl,kl,clip_fraction,delta_mask_fraction,approx_kl,grad_norm_guider,grad_norm_learner,learning_rate".split(',')
tasks = {('coordsum','3x10-30'): (25, {'magpo': 150, 'ippo': 100}, 30), ('rware','tiny-2ag'): (500, {'magpo': 12, 'ippo': 7}, 2.0)}
def r4(x): return round(x, 4)
for (env, task), (length, finals, noise) in tasks.items():
    for algo, final in finals.items():
        for seed in (1, 2, 3):
            rnd = random.Random(f"{env}/{task}/{algo}/{seed}")
            d = os.path.join(root, env, task, algo, f'seed_{seed}')
            os.makedirs(d, exist_ok=True)
            cfg = dict(fields); cfg['seed'] = seed
            conf = {"task": f"{env}:{task}", "algorithm": algo, "seed": seed, "config": cfg,
                    "provenance": {"magpo4j_version": "0.1.0-SNAPSHOT", "java": "17.0.14", "os": "Linux amd64",
                                   "nd4j_backend": "org.nd4j.linalg.cpu.nativecpu.CpuBackend"}}
            json.dump(conf, open(os.path.join(d, 'config.json'), 'w'), indent=2)
            seed_off = rnd.uniform(-0.15, 0.15) * final
            with open(os.path.join(d, 'metrics.csv'), 'w') as f:
                f.write(','.join(cols) + '\n')
                for u in range(8):
                    step = (u + 1) * 4096
                    row = {c: '' for c in cols}
                    row['step'] = str(step); row['update'] = str(u)
                    ret = final * (u + 1) / 8 + seed_off + rnd.gauss(0, noise / 4)
                    row['episode_return'] = repr(r4(ret)); row['episode_length'] = repr(float(length))
                    for c in cols[4:]:
                        row[c] = repr(r4(rnd.uniform(0.001, 0.5)))
                    row['learning_rate'] = repr(2.5e-4)
                    if algo == 'ippo':
                        for c in ('guider_loss', 'guider_kl', 'delta_mask_fraction', 'grad_norm_guider', 'learner_rl'):
                            row[c] = ''
                    if u == 3 and seed == 2:
                        row['approx_kl'] = 'NaN'
                    f.write(','.join(row[c] for c in cols) + '\n')
            seed_node = {}
            with open(os.path.join(d, 'eval.jsonl'), 'w') as f:
                for i in range(4):
                    step = (i + 1) * 2 * 4096
                    level = final * (i + 1) / 4 + seed_off
                    rets = [r4(level + rnd.gauss(0, noise)) for _ in range(4)]
                    lens = [float(length)] * 4
                    win = [0.0] * 4
                    m = {"episode_return": rets, "episode_length": lens, "win_rate": win}
                    line = {"eval_index": i, "step_count": step}
                    for k, v in m.items(): line[k + "_mean"] = sum(v) / len(v)
                    line.update(m)
                    f.write(json.dumps(line, separators=(',', ':')) + '\n')
                    node = {"step_count": step}; node.update(m)
                    seed_node[f"step_{i}"] = node
            abs_rets = [r4(final + seed_off + rnd.gauss(0, noise)) for _ in range(8)]
            seed_node["absolute_metrics"] = {"episode_return": abs_rets, "episode_length": [float(length)] * 8,
                                             "win_rate": [0.0] * 8}
            json.dump({env: {task: {algo: {f"seed_{seed}": seed_node}}}}, open(os.path.join(d, 'marl_eval.json'), 'w'), indent=2)
            open(os.path.join(d, 'checkpoint.bin'), 'wb').write(b'')
