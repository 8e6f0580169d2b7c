/*
 * Stand-in for a second-generation ID-card reader's vendor library (test use only, never packaged).
 *
 * Exports the two C interfaces the desk's driver supports, with the vendors' signatures:
 *   - termb family:  InitComm / InitCommExt / CloseComm / Authenticate / Read_Content / Read_Content_Path
 *                    (Read_Content* write the card's text as wz.txt: 256 bytes of UCS-2LE fixed fields)
 *   - sdtapi family: SDT_OpenPort / SDT_ClosePort / SDT_StartFindIDCard / SDT_SelectIDCard / SDT_ReadBaseMsg
 *
 * What lies on the "reader" comes from a control file named by IDCARD_STANDIN_CONTROL, read on every call, so a
 * test lays a card down or takes it away by rewriting that file:
 *   reader=present|absent        no reader answers on any port when absent
 *   card=none|present
 *   fail=none|read_error|removed read_error: reads fail while the card stays; removed: the card leaves mid-read
 *   name= sex= nation= birth= address= id= authority= start= end= kind=   (UTF-8; encoded here as the card does)
 *   port=1001                    the one port the reader answers on
 * Every call is appended to IDCARD_STANDIN_LOG when set, so tests can see what the driver called.
 * Built with -DTERMB_ONLY or -DSDTAPI_ONLY it exports one family; -DNO_READ_CONTENT_PATH leaves out
 * Read_Content_Path as older termb libraries do (they write wz.txt into the working folder).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTROL_MAX 8192
#define TEXT_BYTES 256
#define PHOTO_BYTES 1024

static char control[CONTROL_MAX];
/* The control-file contents at the moment a card was pulled off mid-read: no card until the file changes. */
static char removed_at[CONTROL_MAX];
static int removed = 0;
static int open_port = 0;

static void log_call(const char *what, int arg) {
  const char *path = getenv("IDCARD_STANDIN_LOG");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  fprintf(f, "%s %d\n", what, arg);
  fclose(f);
}

static void load_control(void) {
  control[0] = 0;
  const char *path = getenv("IDCARD_STANDIN_CONTROL");
  if (!path) return;
  FILE *f = fopen(path, "rb");
  if (!f) return;
  size_t n = fread(control, 1, CONTROL_MAX - 1, f);
  control[n] = 0;
  fclose(f);
  if (removed && strcmp(control, removed_at) != 0) removed = 0;
}

/* Value of `key=` on its own line, copied into out (UTF-8); empty when absent. */
static void get(const char *key, char *out, size_t size) {
  size_t klen = strlen(key);
  out[0] = 0;
  const char *p = control;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
      size_t vlen = len - klen - 1;
      if (vlen > 0 && p[klen + 1 + vlen - 1] == '\r') vlen--;
      if (vlen >= size) vlen = size - 1;
      memcpy(out, p + klen + 1, vlen);
      out[vlen] = 0;
      return;
    }
    p += len + (eol ? 1 : 0);
  }
}

static int is(const char *key, const char *value) {
  char v[64];
  get(key, v, sizeof v);
  return strcmp(v, value) == 0;
}

static int reader_present(void) { return !is("reader", "absent"); }

static int reader_port(void) {
  char v[16];
  get("port", v, sizeof v);
  return v[0] ? atoi(v) : 1001;
}
static int card_present(void) { return !removed && is("card", "present"); }

/* UTF-8 to UTF-16LE into a fixed field of `units` code units, padded with spaces as the card's fields are. */
static void put_field(unsigned char *dst, int units, const char *key) {
  char utf8[1024];
  get(key, utf8, sizeof utf8);
  int u = 0;
  const unsigned char *s = (const unsigned char *)utf8;
  while (*s && u < units) {
    unsigned int cp;
    int extra;
    if (*s < 0x80) { cp = *s; extra = 0; }
    else if ((*s & 0xe0) == 0xc0) { cp = *s & 0x1f; extra = 1; }
    else if ((*s & 0xf0) == 0xe0) { cp = *s & 0x0f; extra = 2; }
    else { cp = *s & 0x07; extra = 3; }
    s++;
    for (int i = 0; i < extra && *s; i++, s++) cp = (cp << 6) | (*s & 0x3f);
    if (cp >= 0x10000) {
      if (u + 2 > units) break; /* a surrogate pair is never split across the field's end */
      cp -= 0x10000;
      unsigned int hi = 0xd800 + (cp >> 10), lo = 0xdc00 + (cp & 0x3ff);
      dst[2 * u] = hi & 0xff; dst[2 * u + 1] = hi >> 8; u++;
      dst[2 * u] = lo & 0xff; dst[2 * u + 1] = lo >> 8; u++;
    } else {
      dst[2 * u] = cp & 0xff; dst[2 * u + 1] = cp >> 8; u++;
    }
  }
  for (; u < units; u++) { dst[2 * u] = 0x20; dst[2 * u + 1] = 0; }
}

/* The 256-byte text block as the card holds it (GA 467): fixed fields of UCS-2LE code units. */
static void card_text(unsigned char *buf) {
  unsigned char *p = buf;
  put_field(p, 15, "name"); p += 30;
  put_field(p, 1, "sex"); p += 2;
  put_field(p, 2, "nation"); p += 4;
  put_field(p, 8, "birth"); p += 16;
  put_field(p, 35, "address"); p += 70;
  put_field(p, 18, "id"); p += 36;
  put_field(p, 15, "authority"); p += 30;
  put_field(p, 8, "start"); p += 16;
  put_field(p, 8, "end"); p += 16;
  put_field(p, 18, "reserved");
  char kind[8];
  get("kind", kind, sizeof kind);
  if (kind[0]) { buf[248] = (unsigned char)kind[0]; buf[249] = 0; }
}

__attribute__((unused)) static int write_file(const char *dir, const char *name, const unsigned char *data, size_t n) {
  char path[4096];
  if (dir && dir[0]) snprintf(path, sizeof path, "%s/%s", dir, name);
  else snprintf(path, sizeof path, "%s", name);
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  fwrite(data, 1, n, f);
  fclose(f);
  return 1;
}

/* Shared read: 1 whole text written; 0 failed (partial output possible, as when a card leaves mid-read). */
static int read_into(unsigned char *text, size_t *len) {
  load_control();
  if (!open_port || !card_present()) { *len = 0; return 0; }
  card_text(text);
  if (is("fail", "read_error")) { *len = 0; return 0; }
  if (is("fail", "removed")) {
    memcpy(removed_at, control, CONTROL_MAX);
    removed = 1;
    *len = 100; /* part of the block came over before the card left */
    return 0;
  }
  *len = TEXT_BYTES;
  return 1;
}

#ifndef SDTAPI_ONLY
/* ---- termb family: 1 = success ---- */

int InitComm(int port) {
  log_call("InitComm", port);
  load_control();
  if (!reader_present() || port != reader_port()) return 0;
  open_port = port;
  return 1;
}

int InitCommExt(void) {
  log_call("InitCommExt", 0);
  load_control();
  if (!reader_present()) return 0;
  open_port = reader_port();
  return open_port;
}

int CloseComm(void) {
  log_call("CloseComm", open_port);
  open_port = 0;
  return 1;
}

int Authenticate(void) {
  log_call("Authenticate", 0);
  load_control();
  return open_port && reader_present() && card_present() ? 1 : 0;
}

static int read_content(const char *dir, int active) {
  unsigned char text[TEXT_BYTES];
  size_t len;
  int ok = read_into(text, &len);
  if (len > 0) write_file(dir, "wz.txt", text, len);
  if (ok && active == 1) {
    /* Text and photo: the vendors write the photo beside the text. The desk asks for text only. */
    unsigned char photo[PHOTO_BYTES];
    memset(photo, 0x5a, sizeof photo);
    write_file(dir, "xp.wlt", photo, sizeof photo);
    write_file(dir, "zp.bmp", photo, sizeof photo);
  }
  return ok;
}

int Read_Content(int active) {
  log_call("Read_Content", active);
  return read_content(NULL, active);
}

#ifndef NO_READ_CONTENT_PATH
int Read_Content_Path(char *dir, int active) {
  log_call("Read_Content_Path", active);
  return read_content(dir, active);
}
#endif
#endif

#ifndef TERMB_ONLY
/* ---- sdtapi family: 0x90 = success, 0x9f = card found ---- */

int SDT_OpenPort(int port) {
  log_call("SDT_OpenPort", port);
  load_control();
  if (!reader_present() || port != reader_port()) return 0x01;
  open_port = port;
  return 0x90;
}

int SDT_ClosePort(int port) {
  log_call("SDT_ClosePort", port);
  open_port = 0;
  return 0x90;
}

int SDT_StartFindIDCard(int port, unsigned char *iin, int if_open) {
  (void)if_open;
  log_call("SDT_StartFindIDCard", port);
  load_control();
  if (port != open_port || !reader_present()) return 0x02;
  if (!card_present()) return 0x80;
  memset(iin, 0, 4);
  return 0x9f;
}

int SDT_SelectIDCard(int port, unsigned char *sn, int if_open) {
  (void)if_open;
  log_call("SDT_SelectIDCard", port);
  load_control();
  if (port != open_port || !card_present()) return 0x81;
  memset(sn, 0, 8);
  return 0x90;
}

int SDT_ReadBaseMsg(int port, unsigned char *ch, unsigned int *ch_len, unsigned char *ph, unsigned int *ph_len, int if_open) {
  (void)if_open;
  log_call("SDT_ReadBaseMsg", port);
  if (port != open_port) return 0x02;
  size_t len;
  int ok = read_into(ch, &len);
  *ch_len = (unsigned int)len;
  if (!ok) { *ph_len = 0; return 0x41; }
  /* The standard interface always returns the photo (wlt) with the text; the desk drops it unread. */
  memset(ph, 0x5a, PHOTO_BYTES);
  *ph_len = PHOTO_BYTES;
  return 0x90;
}
#endif
