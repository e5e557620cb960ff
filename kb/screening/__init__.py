"""Portfolio screening: match rows of names and identifiers to Entities through their match keys
(:mod:`kb.loaders.write.match_keys`), score the candidates with :mod:`kb.resolution`, and report each
match's exposure per regime (:mod:`kb.screening.screen`). How to use it: README, docs/cli.md."""
