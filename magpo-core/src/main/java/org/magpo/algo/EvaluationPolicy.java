package org.magpo.algo;

import org.magpo.policy.DecentralizedPolicy;
import org.magpo.policy.JointPolicy;

/**
 * The policy an algorithm is judged by: a decentralised one (MAGPO's learner, IPPO/MAPPO actors: each
 * agent acts on its own observation history) or a centralised joint one (Sable alone, executed
 * centrally, sized for the evaluation environments).
 */
public sealed interface EvaluationPolicy {

    /** Every agent acts on its own observations. */
    record Decentralized(DecentralizedPolicy policy) implements EvaluationPolicy {
        public Decentralized {
            if (policy == null) {
                throw new IllegalArgumentException("EvaluationPolicy.Decentralized.policy must not be null");
            }
        }
    }

    /** One joint policy sees every agent's observation and decodes actions agent by agent. */
    record Centralized(JointPolicy policy) implements EvaluationPolicy {
        public Centralized {
            if (policy == null) {
                throw new IllegalArgumentException("EvaluationPolicy.Centralized.policy must not be null");
            }
        }
    }
}
