-- Records of this run whose article is already loaded, or loaded by this run from
-- an earlier file.
with staged as (
    select * from stg_articles
),

final as (
    select
        source_file,
        record_key,
        article_id,
        getvariable('run_id') as run_id
    from staged
    where copy_number > 1
       or already_loaded
)

select * from final
