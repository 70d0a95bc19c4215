/**
 * The SET clause of a redelivery, the same for SQLite and PostgreSQL: a delivered document returns to the verdict it
 * had (a KSeF number means accepted), its attempts restart, and a lease held by a deliverer ends. A delivered
 * rejection goes back to `rejected`, which holds no duplicate key, so a corrected invoice that took its number stays.
 */
export const REDELIVER_SET = `state = CASE WHEN state <> 'delivered' THEN state WHEN ksef_number IS NULL THEN 'rejected' ELSE 'accepted' END,
      delivery_attempts = 0, lease_owner = NULL, lease_until = 0`;
