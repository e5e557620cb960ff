// name: start_run
// mode: write
// cardinality: one
// param run_id: str
// param source: dict
// param claim_format: int
// param format: str
// param path: str
// param checksum: str
// param now: datetime
// param host: str
// param pid: int
// param lists: list[dict]
// Records a load run as running, of the Source $source ({name, publisher, url, licence}; a new
// Source starts at claim key format $claim_format), and makes sure every List in $lists
// ({code, name, authority, jurisdiction}: the built-in lists and the source's own) exists with its
// current name; an authority or jurisdiction the source does not give (null) keeps the one known.
MERGE (source:Source {name: $source.name})
  ON CREATE SET source.claim_format = $claim_format
SET source.publisher = coalesce($source.publisher, source.publisher),
    source.url = coalesce($source.url, source.url),
    source.licence = coalesce($source.licence, source.licence)
CREATE (run:LoadRun {id: $run_id, source: $source.name, format: $format, path: $path, checksum: $checksum,
                     started_at: $now, status: 'running', host: $host, pid: $pid})
CREATE (run)-[:OF_SOURCE]->(source)
WITH run
UNWIND $lists AS list
MERGE (l:List {code: list.code})
SET l.name = list.name, l.authority = coalesce(list.authority, l.authority),
    l.jurisdiction = coalesce(list.jurisdiction, l.jurisdiction);
