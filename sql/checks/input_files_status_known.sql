-- Every input file ends loaded, duplicate, or quarantined; quarantined files say why.
select input_files.source_file, input_files.status
from input_files
where input_files.status not in ('loaded', 'duplicate', 'quarantined')
   or (
        input_files.status = 'quarantined'
        and not exists (
            select 1
            from quarantine
            where quarantine.source_file = input_files.source_file
              and quarantine.run_id = input_files.run_id
        )
   )
