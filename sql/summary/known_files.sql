-- Files earlier runs handled, oldest first; within a run, the file that was read
-- before its copies (duplicates), so the first path seen with a content is the one
-- later copies point to. Files refused unread have no fingerprint.
select
    source_file,
    sha256,
    bytes,
    modified_at
from input_files
order by run_id, status = 'duplicate', source_file
