-- Nothing is quarantined without a reason a person can read.
select source_file, record_key
from quarantine
where reason is null
   or trim(reason) = ''
   or scope not in ('record', 'file')
