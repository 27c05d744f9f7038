-- Deleting a village completely: its partition of every village-owned
-- table, its domains, its accounts (and with them their sessions and
-- recovery codes), its rows in regency-level tables, and its registry row.
-- Records of the past stay: support_audit rows keep their text and lose
-- only the reference to the deleted village.

ALTER TABLE support_audit
  DROP CONSTRAINT support_audit_desa_id_fkey,
  ADD CONSTRAINT support_audit_desa_id_fkey FOREIGN KEY (desa_id) REFERENCES desa (id) ON DELETE SET NULL;

-- login_events.account_id and recovery_codes.issued_by are already
-- ON DELETE SET NULL; sessions and recovery_codes cascade with the account.

-- Runs as the owner, so the web console (as balai_app, after its own
-- permission checks) can call it. Raises no_data_found for an unknown id.
CREATE FUNCTION balai_drop_desa(p_desa bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  t record;
  parents text;
BEGIN
  PERFORM 1 FROM desa WHERE id = p_desa FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'desa % does not exist', p_desa USING ERRCODE = 'no_data_found';
  END IF;

  -- Dropping a partition needs ACCESS EXCLUSIVE on its parent: take them all
  -- at once, in one order, rather than one by one while the drops run.
  SELECT string_agg(format('%I', name), ', ' ORDER BY position) INTO parents FROM village_tables;
  IF parents IS NOT NULL THEN
    EXECUTE 'LOCK TABLE ' || parents || ' IN ACCESS EXCLUSIVE MODE';
  END IF;

  -- Referencing tables come later in village_tables, so go backwards. A
  -- partition that a foreign key points at (posts, albums, menus, ...) is
  -- emptied (cascading to what still refers to it) and detached first:
  -- dropping it directly would need CASCADE, which for a self-referencing
  -- table (menus) drops the parent's foreign key for every village.
  FOR t IN
    SELECT v.name, c.oid::regclass AS part
      FROM village_tables v
      JOIN pg_inherits i ON i.inhparent = to_regclass(format('%I', v.name))
      JOIN pg_class c ON c.oid = i.inhrelid AND c.relname = v.name || '_' || p_desa
     ORDER BY v.position DESC
  LOOP
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = t.part) THEN
      EXECUTE format('DELETE FROM %s', t.part);
      EXECUTE format('ALTER TABLE %I DETACH PARTITION %s', t.name, t.part);
    END IF;
    EXECUTE format('DROP TABLE %s', t.part);
  END LOOP;

  DELETE FROM accounts WHERE desa_id = p_desa;
  DELETE FROM domains WHERE desa_id = p_desa;
  DELETE FROM regency_feed WHERE desa_id = p_desa;
  DELETE FROM desa WHERE id = p_desa;
END $$;
REVOKE ALL ON FUNCTION balai_drop_desa(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION balai_drop_desa(bigint) TO balai_app;
