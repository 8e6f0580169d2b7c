import type { Migration } from './index';

// Why a revision exists becomes data (issue 11). Until now a void revision was recognised by the translated
// text '已作废：' at the start of application_revisions.reason (matched with LIKE), so a change to the catalogue
// would have turned every void back into an ordinary revision. `kind` says it instead:
//   form  — the form as staff submitted or corrected it (revision 1 is the submission)
//   pages — the same form again because pages changed after it went up (sync)
//   void  — the same form again carrying the void to the county (sync); `reason` holds the void reason only
// Existing rows are classified once by the old rule, with the literal strings the code wrote them with (frozen
// here on purpose: the catalogue may change, these rows will not). A void row's reason loses its prefix, which is
// exactly what the engine sent as the void reason, so a resend still hashes the same.
export const m0007: Migration = {
  version: 7,
  name: 'add-revision-kind',
  up(db) {
    db.exec(`
      ALTER TABLE application_revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'form' CHECK (kind IN ('form', 'pages', 'void'));
      UPDATE application_revisions SET kind = 'void', reason = substr(reason, length('已作废：') + 1)
        WHERE created_by = 'sync' AND reason LIKE '已作废：%';
      UPDATE application_revisions SET kind = 'pages'
        WHERE created_by = 'sync' AND reason = '材料页在上传后有变动，自动生成新版本重新上传';
    `);
  },
};
