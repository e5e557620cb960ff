"""Portfolio screening: match rows of names and identifiers to Entities through their match keys
(:mod:`kb.loaders.write.match_keys`), score the candidates with :mod:`kb.resolution`, hold rows
whose best candidates are close as ambiguous (:mod:`kb.screening.ambiguity`), and report each
row's exposure per regime (:mod:`kb.screening.screen`). How to use it: README, docs/cli.md."""
