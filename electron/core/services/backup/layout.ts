// Names inside the data folder that backup and restore work with (desk.ts opens the same files).
export const DB_FILE_NAME = 'desk.db';
/** Staging, the journal and the replaced data of a restore in progress; removed once the restored desk opens. */
export const RESTORE_DIR = 'restore';
export const BLOBS_DIR = 'blobs';
/** Meta key of the master key wrapped with the recovery passphrase (inside the encrypted database). */
export const RECOVERY_META_KEY = 'backup.recovery';
