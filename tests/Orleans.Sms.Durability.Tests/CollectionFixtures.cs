// The tests run one at a time: each starts its own Azurite and up to three hosts, and the silo-loss test measures
// failure detection, which CPU contention from a neighbour test would distort (a slow silo may be voted dead).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
