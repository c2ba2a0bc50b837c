-- Why files and records were quarantined, most frequent reasons first. Reasons that
-- carry a number (a size, a line) are grouped by their wording without it.
with reasons as (
    select
        scope,
        regexp_replace(reason, '[0-9]+', 'N', 'g') as reason
    from quarantine
),

final as (
    select
        scope,
        reason,
        count(*) as refused
    from reasons
    group by scope, reason
    order by refused desc, scope, reason
    limit 15
)

select * from final
