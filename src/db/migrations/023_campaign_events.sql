-- The campaign.started and campaign.ended webhooks (docs/webhooks.md). Campaigns start and end by
-- the clock, not by a write, so a sweep notices that a campaign's opening or end has passed and
-- queues the event in the transaction that sets these columns (the event's moment); ending a
-- campaign early sets `ended_event_at` at once. The update is conditional (`… is null`), so two
-- servers sweeping at the same time queue each event once.
alter table campaigns add column started_event_at timestamptz;
alter table campaigns add column ended_event_at timestamptz;
-- The sweep reads only the campaigns whose event is still due: a probe of these small indexes.
create index campaigns_start_unqueued on campaigns ((coalesce(members_from, starts_at)))
  where started_event_at is null;
create index campaigns_end_unqueued on campaigns (ends_at) where ended_event_at is null;
