/* One build's portreg.h against another build's libportreg.so.1 (make
 * check-abi): every function, for every entry the running library holds,
 * with guard bytes after every struct and buffer it passes, which must be
 * intact afterwards.  The answers are the running library's; what is
 * checked is that no call writes past what this header says a struct or
 * a buffer holds, and that what comes back is consistent (strings
 * readable, counts within what was asked).  Prints one line; exits 0 only
 * when every check holds. */
#include <stdio.h>
#include <string.h>

#include "portreg.h"

#define GUARD 64
#define MARK 0xa5
#define MAXE 64     /* entries asked for at once: more than any build has */

static unsigned long checks, failed;

static void check(int ok, const char *what, size_t id)
{
    checks++;
    if (!ok && failed++ < 20)
        printf("FAIL %s (entry %lu)\n", what, (unsigned long)id);
}

/* Whether the GUARD bytes at P still hold MARK. */
static int intact(const unsigned char *p)
{
    size_t i;
    for (i = 0; i < GUARD; i++)
        if (p[i] != MARK)
            return 0;
    return 1;
}

/* Every string an answer points to ends within NAME_MAX bytes or so: a
 * read of each byte, so that a wrong pointer faults. */
static size_t readable(const char *s, size_t most)
{
    size_t n = 0;
    while (s[n] != '\0' && n <= most)
        n++;
    return n;
}

#define GUARDED(T, name) \
    struct { T v; unsigned char guard[GUARD]; } name; \
    memset(&name, MARK, sizeof name)

static void entry(size_t id)
{
    GUARDED(struct portreg_entry, e);
    GUARDED(struct portreg_record, r);
    GUARDED(struct portreg_txt_key, t);
    struct { struct portreg_entry v[MAXE]; unsigned char guard[GUARD]; } all;
    struct { char v[PORTREG_SERVENT_BUFSIZE]; unsigned char guard[GUARD]; }
        buf;
    GUARDED(struct servent, se);
    struct servent *res;
    size_t n, i, len;

    check(portreg_get(id, &e.v) == 0 && intact(e.guard) && e.v.id == id,
          "portreg_get", id);
    len = readable(e.v.name, PORTREG_NAME_MAX);
    check(len >= 1 && len <= PORTREG_NAME_MAX, "an entry's name", id);
    readable(e.v.description, 1u << 16);
    if (portreg_record(id, &r.v) == 0) {
        check(intact(r.guard), "portreg_record", id);
        readable(r.v.assignment_notes, 1u << 16);
        for (i = 0; i < r.v.rfc_count; i++)
            check(r.v.rfcs[i] != 0, "an RFC number", id);
        for (i = 0; i < r.v.txt_count; i++) {
            check(portreg_txt_key(id, i, &t.v) == 0 && intact(t.guard),
                  "portreg_txt_key", id);
            readable(t.v.key, 1u << 16);
        }
        check(portreg_txt_key(id, r.v.txt_count, &t.v) == -1 &&
              intact(t.guard), "portreg_txt_key past the count", id);
    } else {
        check(intact(r.guard), "portreg_record refused", id);
    }
    /* by name and by port: OUT exactly as large as MAX says, and smaller */
    n = portreg_by_name(e.v.name, len, PORTREG_ANY, NULL, 0);
    check(n >= 1 && n <= MAXE, "portreg_by_name's count", id);
    for (i = 0; i <= n && i < MAXE; i++) {
        memset(&all, MARK, sizeof all);
        check(portreg_by_name(e.v.name, len, PORTREG_ANY, all.v, i) == n &&
              intact((unsigned char *)&all.v[i]), "portreg_by_name's max", id);
    }
    if (!(e.v.flags & PORTREG_F_NOPORT)) {
        n = portreg_by_port(e.v.port_lo, PORTREG_ANY, NULL, 0);
        for (i = 0; i <= n && i < MAXE; i++) {
            memset(&all, MARK, sizeof all);
            check(portreg_by_port(e.v.port_lo, PORTREG_ANY, all.v, i) == n &&
                  intact((unsigned char *)&all.v[i]), "portreg_by_port's max",
                  id);
        }
        check(portreg_name(e.v.port_lo, NULL) != NULL, "portreg_name", id);
        check(portreg_status(e.v.port_lo, PORTREG_ANY) <= PORTREG_UNKNOWN,
              "portreg_status", id);
    }
    /* the servents: the buffer as large as the header says, and smaller */
    for (i = 0; i <= PORTREG_SERVENT_BUFSIZE; i += 97) {
        memset(&buf, MARK, sizeof buf);
        memset(&se, MARK, sizeof se);
        portreg_getservbyname_r(e.v.name, NULL, &se.v, buf.v,
                                i < PORTREG_SERVENT_BUFSIZE
                                    ? i : PORTREG_SERVENT_BUFSIZE, &res);
        check(intact(se.guard) && intact(buf.guard),
              "portreg_getservbyname_r", id);
        memset(&buf, MARK, sizeof buf);
        portreg_getservbyport_r((int)(((e.v.port_lo & 0xffu) << 8) |
                                      (e.v.port_lo >> 8)), NULL, &se.v, buf.v,
                                i < PORTREG_SERVENT_BUFSIZE
                                    ? i : PORTREG_SERVENT_BUFSIZE, &res);
        check(intact(se.guard) && intact(buf.guard),
              "portreg_getservbyport_r", id);
    }
    (void)portreg_proto_name(e.v.proto);
    check(portreg_proto(portreg_proto_name(PORTREG_TCP)) == PORTREG_TCP,
          "portreg_proto", id);
    (void)portreg_valid_name(e.v.name, len);
}

int main(void)
{
    GUARDED(struct portreg_servent_cursor, cursor);
    GUARDED(struct servent, se);
    struct { char v[PORTREG_SERVENT_BUFSIZE]; unsigned char guard[GUARD]; }
        buf;
    struct servent *res;
    size_t id, lines = 0;
    for (id = 0; id < portreg_count(); id++)
        entry(id);
    memset(&cursor.v, 0, sizeof cursor.v);
    memset(&buf, MARK, sizeof buf);
    while (portreg_getservent_r(&cursor.v, &se.v, buf.v, sizeof buf.v,
                                &res) == 0 && res != NULL)
        lines++;
    check(intact(cursor.guard) && intact(se.guard) && intact(buf.guard),
          "portreg_getservent_r", lines);
    printf("abi: %s's header (%s, %s, %lu entries) on a library of %lu "
           "entries: %lu checks, %lu failed, %lu servents\n",
           PORTREG_REGISTRY_DATE, PORTREG_PROFILE, PORTREG_PORTS,
           (unsigned long)PORTREG_ENTRY_COUNT, (unsigned long)portreg_count(),
           checks, failed, (unsigned long)lines);
    return failed != 0;
}
