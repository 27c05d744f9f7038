-- Where an audited action came from: a keyed hash of the client address
-- (the same label for the same device, never the address itself).
ALTER TABLE audit_log ADD COLUMN asal text NOT NULL DEFAULT '' CHECK (length(asal) <= 64);
