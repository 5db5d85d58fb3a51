/*
 * portreg, the command: looks up service names and ports in the compiled
 * registry (built from out/cli/, the full profile of the library's subset,
 * so that it always has the descriptions and every other column).  One line
 * per entry, tab-separated: NAME PORT/PROTO DESCRIPTION, in registry order
 * ("-" for no port or no protocol); --json prints the same entries as one
 * JSON array.  Exit status: 0 every argument matched, 1 one did not (named
 * on stderr), 2 a bad argument or a failed write (one line on stderr).
 * man/portreg.1 documents it; usage() is its summary.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portreg.h"

#define MAX_NAME 63 /* the generator rejects longer registry names */

static const char *const usage_text =
    "usage: portreg [--full | --json] NAME[/PROTO] | PORT[/PROTO] ...\n"
    "       portreg [--full | --json] --search TEXT | --all\n"
    "       portreg [--json] --status PORT[/PROTO] ...\n"
    "       portreg [--json] --version\n"
    "       portreg --services | --help\n"
    "PROTO is tcp, udp, sctp or dccp.  Prints NAME<TAB>PORT/PROTO<TAB>"
    "DESCRIPTION per entry\n"
    "(--full: and the row's other columns; --json: one JSON array, each "
    "entry with\n"
    "the argument it answers).  --search: names or descriptions holding "
    "TEXT;\n"
    "--all: every entry.  Options go anywhere; -- ends them.  Exit 0 when "
    "every\n"
    "argument matched, 1 when any did not (each named on stderr), 2 on a "
    "bad\n"
    "argument or a failed write.\n";

/* A servent's s_port (network byte order) in host order. */
static uint16_t ntohs_portable(int s_port)
{
    union { uint16_t v; unsigned char b[2]; } net;
    net.v = (uint16_t)s_port;
    return (uint16_t)(net.b[0] << 8 | net.b[1]);
}

/* A protocol bit's name; "-" for a row with no protocol. */
static const char *proto_name(unsigned bit)
{
    const char *name = portreg_proto_name(bit);
    return name != NULL ? name : "-";
}

/* Prints S with control characters shown as spaces: a line stays a line. */
static void put_text(const char *s)
{
    for (; *s; s++)
        putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

/* Prints S as a JSON string: quotes, backslashes and control characters
 * escaped; other bytes (the registry is UTF-8) as they are. */
static void put_json(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", (int)c);
        else if (c == '\n')
            printf("\\n");
        else if (c == '\t')
            printf("\\t");
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar((int)c);
    }
    putchar('"');
}

static void print_entry(const struct portreg_entry *e)
{
    put_text(e->name);
    if (e->flags & PORTREG_F_NOPORT)
        printf("\t-");
    else if (e->port_lo == e->port_hi)
        printf("\t%u", (unsigned)e->port_lo);
    else
        printf("\t%u-%u", (unsigned)e->port_lo, (unsigned)e->port_hi);
    printf("/%s\t", proto_name(e->proto));
    put_text(e->description);
    putchar('\n');
}

/* The row's other columns, in CSV order: the label --full gives each, its
 * JSON key (gen/constants.py's name) and its field. */
static const struct column {
    const char *label, *key;
    size_t field;
} columns[] = {
    {"assignee", "assignee", offsetof(struct portreg_record, assignee)},
    {"contact", "contact", offsetof(struct portreg_record, contact)},
    {"registered", "registration_date",
     offsetof(struct portreg_record, registration_date)},
    {"modified", "modification_date",
     offsetof(struct portreg_record, modification_date)},
    {"reference", "reference", offsetof(struct portreg_record, reference)},
    {"service code", "service_code",
     offsetof(struct portreg_record, service_code)},
    {"unauthorized use", "unauthorized_use",
     offsetof(struct portreg_record, unauthorized_use)},
    {"notes", "assignment_notes",
     offsetof(struct portreg_record, assignment_notes)}};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

/* Column I's text in record R. */
static const char *column_text(const struct portreg_record *r, size_t i)
{
    const char *const *field = (const char *const *)(const void *)(
        (const char *)r + columns[i].field);
    return *field;
}

/* --full: the row's other columns, indented, those that are not empty. */
static void print_record(const struct portreg_entry *e)
{
    struct portreg_record r;
    struct portreg_txt_key t;
    size_t i;
    if (portreg_record(e->id, &r) != 0)
        return;
    for (i = 0; i < NCOLUMNS; i++)
        if (column_text(&r, i)[0] != '\0') {
            printf("  %s: ", columns[i].label);
            put_text(column_text(&r, i));
            putchar('\n');
        }
    for (i = 0; i < r.rfc_count; i++)
        printf("  rfc: %u\n", (unsigned)r.rfcs[i]);
    for (i = 0; portreg_txt_key(e->id, i, &t) == 0; i++) {
        printf("  txt key: ");
        put_text(t.key);
        if (t.description[0] != '\0') {
            printf(" = ");
            put_text(t.description);
        }
        putchar('\n');
    }
}

/* --json: one entry as an object with every field it has, QUERY (the
 * argument it answers) first where there is one. */
static void json_entry(const struct portreg_entry *e, const char *query)
{
    static const char *const flag_words[3] = {"noport", "preferred",
                                              "local"};
    struct portreg_record r;
    struct portreg_txt_key t;
    size_t i;
    const char *sep = "";
    printf("{");
    if (query != NULL) {
        printf("\"query\": ");
        put_json(query);
        printf(", ");
    }
    printf("\"id\": %u, \"name\": ", (unsigned)e->id);
    put_json(e->name);
    if (e->flags & PORTREG_F_NOPORT)
        printf(", \"port\": null, \"port_hi\": null");
    else
        printf(", \"port\": %u, \"port_hi\": %u", (unsigned)e->port_lo,
               (unsigned)e->port_hi);
    printf(", \"protocol\": ");
    if (portreg_proto_name(e->proto) != NULL)
        put_json(portreg_proto_name(e->proto));
    else
        printf("null");
    printf(", \"description\": ");
    put_json(e->description);
    printf(", \"flags\": [");
    for (i = 0; i < 3; i++)
        if (e->flags & (1u << i)) {
            printf("%s\"%s\"", sep, flag_words[i]);
            sep = ", ";
        }
    printf("]");
    if (portreg_record(e->id, &r) == 0) {
        for (i = 0; i < NCOLUMNS; i++) {
            printf(", \"%s\": ", columns[i].key);
            put_json(column_text(&r, i));
        }
        printf(", \"rfcs\": [");
        for (i = 0; i < r.rfc_count; i++)
            printf("%s%u", i ? ", " : "", (unsigned)r.rfcs[i]);
        printf("], \"txt_keys\": [");
        for (i = 0; portreg_txt_key(e->id, i, &t) == 0; i++) {
            printf("%s{\"key\": ", i ? ", " : "");
            put_json(t.key);
            printf(", \"description\": ");
            put_json(t.description);
            printf("}");
        }
        printf("]");
    }
    printf("}");
}

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "portreg: %s (%.40s%s)\n", what, arg,
            strlen(arg) > 40 ? "..." : "");
    return 2;
}

struct query {
    char name[MAX_NAME + 1];
    size_t len;
    long port;          /* -1: a name */
    unsigned protos;
};

/* Parses PORT or NAME with an optional /PROTO.  Returns 0, or 2 after
 * printing why the argument is bad. */
static int parse(const char *arg, struct query *q)
{
    const char *slash = strrchr(arg, '/');
    size_t whole = strlen(arg);
    size_t i;

    q->len = slash ? (size_t)(slash - arg) : whole;
    q->protos = PORTREG_ANY;
    q->port = -1;
    if (slash) {
        unsigned bit = portreg_proto(slash + 1);
        if (bit != 0)
            q->protos = bit;
        else if (whole <= MAX_NAME &&
                 portreg_by_name(arg, whole, PORTREG_ANY, NULL, 0) > 0)
            q->len = whole; /* a legacy name holding '/': 914c/g, cl/1 */
        else if (slash[1] == '\0')
            return bad("missing protocol after '/'", arg);
        else
            return bad("unknown protocol, expected tcp, udp, sctp or dccp",
                       arg);
    }
    if (q->len == 0)
        return bad("missing name or port", arg);
    if (q->len > MAX_NAME)
        return bad("name longer than 63 bytes", arg);
    memcpy(q->name, arg, q->len);
    q->name[q->len] = '\0';
    for (i = 0; i < q->len && q->name[i] >= '0' && q->name[i] <= '9'; i++)
        ;
    if (i == q->len) {
        q->port = 0;
        for (i = 0; i < q->len && q->port <= 65535; i++)
            q->port = q->port * 10 + (q->name[i] - '0');
        if (q->port > 65535)
            return bad("port out of range 0-65535", arg);
    }
    return 0;
}

enum output { TEXT, FULL, JSON };

/* Prints entries one at a time, as the output mode says; counts them. */
struct printer {
    enum output mode;
    size_t printed;
};

/* One entry; with --json, QUERY (the argument it answers, or NULL) as its
 * "query" field. */
static void emit_entry(struct printer *p, const struct portreg_entry *e,
                       const char *query)
{
    if (p->mode == JSON) {
        printf(p->printed ? ",\n " : "[");
        json_entry(e, query);
    } else {
        print_entry(e);
        if (p->mode == FULL)
            print_record(e);
    }
    p->printed++;
}

static void finish(const struct printer *p)
{
    if (p->mode == JSON)
        printf(p->printed ? "]\n" : "[]\n");
}

static int missed(const char *arg)
{
    fprintf(stderr, "portreg: %s: no match\n", arg);
    return 1;
}

static size_t run(const struct query *q, struct portreg_entry *e, size_t max)
{
    if (q->port >= 0)
        return portreg_by_port((unsigned)q->port, q->protos, e, max);
    return portreg_by_name(q->name, q->len, q->protos, e, max);
}

/* The entries of query Q, parsed from ARG: 0, 1 when none (said on
 * stderr), 2 out of memory. */
static int lookup(const struct query *q, const char *arg, struct printer *p)
{
    size_t n = run(q, NULL, 0), i;
    struct portreg_entry *e;
    if (n == 0)
        return missed(arg);
    e = malloc(n * sizeof *e);
    if (e == NULL) {
        fprintf(stderr, "portreg: out of memory\n");
        return 2;
    }
    run(q, e, n);
    for (i = 0; i < n; i++)
        emit_entry(p, &e[i], arg);
    free(e);
    return 0;
}

/* Whether HAY holds NEEDLE (LEN bytes), ASCII case ignored. */
static int contains(const char *hay, const char *needle, size_t len)
{
    size_t i;
    for (; *hay != '\0'; hay++) {
        for (i = 0; i < len && hay[i] != '\0'; i++) {
            unsigned a = (unsigned char)hay[i], b = (unsigned char)needle[i];
            if (a - 'A' < 26u)
                a += 32u;
            if (b - 'A' < 26u)
                b += 32u;
            if (a != b)
                break;
        }
        if (i == len)
            return 1;
    }
    return 0;
}

/* --search TEXT: every entry whose name or description holds TEXT; --all
 * (TEXT NULL): every entry. */
static int search(const char *text, struct printer *p)
{
    size_t id, n = portreg_count(), len = text ? strlen(text) : 0;
    if (text != NULL && len == 0)
        return bad("--search needs a text; --all lists every entry", text);
    for (id = 0; id < n; id++) {
        struct portreg_entry e;
        portreg_get(id, &e);
        if (text == NULL || contains(e.name, text, len) ||
            contains(e.description, text, len))
            emit_entry(p, &e, text);
    }
    finish(p);
    if (p->printed == 0 && n > 0)
        return missed(text != NULL ? text : "--all");
    return 0;
}

/* --status PORT[/PROTO] ...: each port's status for each protocol asked,
 * every argument checked before any is answered. */
static int status(int argc, char **argv, enum output mode)
{
    static const char *const words[] = {"unassigned", "assigned", "reserved",
                                        "dynamic", "unknown"};
    const char *sep = "[";
    struct query q;
    unsigned bit;
    int i;
    for (i = 0; i < argc; i++) {
        int rc = parse(argv[i], &q);
        if (rc != 0)
            return rc;
        if (q.port < 0)
            return bad("--status takes PORT or PORT/PROTO", argv[i]);
    }
    for (i = 0; i < argc; i++) {
        parse(argv[i], &q);
        for (bit = 1; bit < PORTREG_NOPROTO; bit <<= 1) {   /* a protocol */
            const char *word;
            if (!(q.protos & bit))
                continue;
            word = words[portreg_status((unsigned)q.port, bit)];
            if (mode == JSON) {
                printf("%s{\"query\": ", sep);
                put_json(argv[i]);
                printf(", \"port\": %ld, \"protocol\": \"%s\", "
                       "\"status\": \"%s\"}", q.port, proto_name(bit), word);
                sep = ",\n ";
            } else {
                printf("%ld/%s\t%s\n", q.port, proto_name(bit), word);
            }
        }
    }
    if (mode == JSON)
        printf("]\n");
    return 0;
}

/* Tabs from column COL to column TO (a multiple of 8), at least one;
 * returns the column reached. */
static size_t tab_to(size_t col, size_t to)
{
    do {
        putchar('\t');
        col = (col / 8u + 1u) * 8u;
    } while (col < to);
    return col;
}

/* The columns S takes: a character each (UTF-8: the bytes that start
 * one), among its first N bytes. */
static size_t columns_of(const char *s, size_t n)
{
    size_t cols = 0, i;
    for (i = 0; i < n && s[i] != '\0'; i++)
        cols += ((unsigned char)s[i] & 0xc0u) != 0x80u;
    return cols;
}

/* Prints S (control characters as spaces) in at most ROOM >= 4 columns:
 * whole where it fits, else cut before a character and its trailing
 * spaces, and "..." after it. */
static void put_cut(const char *s, size_t room)
{
    size_t n = strlen(s), cut = 0, cols = 0;
    if (columns_of(s, n) <= room) {
        put_text(s);
        return;
    }
    for (; s[cut] != '\0'; cut++) {     /* the longest start in room - 3 */
        int starts = ((unsigned char)s[cut] & 0xc0u) != 0x80u;
        if (starts && cols == room - 3u)
            break;
        cols += (size_t)starts;
    }
    while (cut > 0 && s[cut - 1u] == ' ')
        cut--;
    for (n = 0; n < cut; n++)
        putchar((unsigned char)s[n] < 0x20 || s[n] == 0x7f ? ' ' : s[n]);
    printf("...");
}

/* Whether SE names NAME, as s_name or an alias. */
static int on_line(const struct servent *se, const char *name)
{
    size_t i;
    if (strcmp(se->s_name, name) == 0)
        return 1;
    for (i = 0; se->s_aliases[i] != NULL; i++)
        if (strcmp(se->s_aliases[i], name) == 0)
            return 1;
    return 0;
}

/* The comment of SE's line, at PORT for protocol BIT: the first
 * description, in registry order, of an entry the line names (s_name's,
 * unless that is empty). */
static const char *description_of(const struct servent *se, unsigned port,
                                  unsigned bit)
{
    static struct portreg_entry e[PORTREG_MAX_PORT_ENTRIES];
    size_t n = portreg_by_port(port, bit, e, PORTREG_MAX_PORT_ENTRIES), i;
    for (i = 0; i < n && i < PORTREG_MAX_PORT_ENTRIES; i++)
        if (e[i].description[0] != '\0' && on_line(se, e[i].name))
            return e[i].description;
    return "";
}

#define LINE_WIDTH 79u

/* One services(5) line for the servent SE, laid out as netbase's: the
 * name, a tab to column 16, the port and protocol, then either a tab to
 * column 32 and the aliases, the comment at column 48 (or the next tab
 * stop), or, without aliases, the comment right after the port.  The
 * comment is the description of the first name that has one, shortened
 * with "..." to end within 79 columns. */
static void service_line(const struct servent *se)
{
    unsigned port = (unsigned)ntohs_portable(se->s_port);
    const char *text = description_of(se, port, portreg_proto(se->s_proto));
    size_t col, i;
    col = tab_to((size_t)printf("%s", se->s_name), 16u);
    col += (size_t)printf("%u/%s", port, se->s_proto);
    for (i = 0; se->s_aliases[i] != NULL; i++)
        col = i ? col + (size_t)printf(" %s", se->s_aliases[i])
                : tab_to(col, 32u) + (size_t)printf("%s", se->s_aliases[i]);
    if (text[0] != '\0') {
        size_t at = i == 0 ? (col / 8u + 1u) * 8u
                           : col < 48u ? 48u : (col / 8u + 1u) * 8u;
        if (at + 2u + 4u <= LINE_WIDTH) {
            tab_to(col, at);
            printf("# ");
            put_cut(text, LINE_WIDTH - at - 2u);
        }
    }
    putchar('\n');
}

/* The whole table as a services(5) file, as Debian's netbase writes one:
 * the servents portreg_getservent_r gives, a line each, in port order. */
static int services(void)
{
    static char buf[PORTREG_SERVENT_BUFSIZE];
    struct portreg_servent_cursor cursor = {0, 0};
    struct servent se, *r;
    printf("# services(5) from IANA's port registry dated %s (portreg)\n",
           PORTREG_REGISTRY_DATE);
    printf("# SHA-256 %s\n", PORTREG_REGISTRY_SHA256);
    if (PORTREG_SERVENT_LEFT_OUT > 0)
        printf("# %d entr%s left out: a name with white space, '#' or a "
               "control character\n", PORTREG_SERVENT_LEFT_OUT,
               PORTREG_SERVENT_LEFT_OUT == 1 ? "y" : "ies");
    while (portreg_getservent_r(&cursor, &se, buf, sizeof buf, &r) == 0 &&
           r != NULL)
        service_line(r);
    return 0;
}

/* The queries ARGV[0..ARGC): every one parsed before any is looked up, so
 * that a bad one prints its line and nothing else.  0 when every one
 * matched, 1 when any did not (each named on stderr), 2 on a bad one. */
static int lookups(int argc, char **argv, struct printer *p)
{
    struct query *q = malloc((size_t)argc * sizeof *q);
    int i, rc = 0;
    if (q == NULL) {
        fprintf(stderr, "portreg: out of memory\n");
        return 2;
    }
    for (i = 0; i < argc && rc == 0; i++)
        rc = parse(argv[i], &q[i]);
    for (i = 0; i < argc && rc != 2; i++) {
        int r = lookup(&q[i], argv[i], p);
        if (r > rc)
            rc = r;
    }
    if (rc != 2)
        finish(p);
    free(q);
    return rc;
}

static int usage(FILE *f, int rc)
{
    fputs(usage_text, f);
    return rc;
}

/* --version: the registry the program holds. */
static int version(enum output mode)
{
    if (mode == JSON)
        printf("{\"registry_date\": \"%s\", \"registry_sha256\": \"%s\", "
               "\"entries\": %lu}\n", PORTREG_REGISTRY_DATE,
               PORTREG_REGISTRY_SHA256, (unsigned long)portreg_count());
    else
        printf("portreg registry %s sha256 %s\n", PORTREG_REGISTRY_DATE,
               PORTREG_REGISTRY_SHA256);
    return 0;
}

/* The options, GNU style: anywhere among the operands, "--" ending them,
 * --search's text as the next argument or after '='. */
enum action { LOOKUP, ALL, SEARCH, STATUS, SERVICES, VERSION, HELP };
static const char *const action_names[] = {
    "", "--all", "--search", "--status", "--services", "--version", "--help"};

struct options {
    int full, json;
    enum action action;
    const char *text;       /* --search's */
    char **operands;
    int count;
};

static const char *const option_list =
    "--full, --json, --all, --search TEXT, --status, --services, "
    "--version, --help";

static int set_action(struct options *o, enum action a)
{
    if (o->action != LOOKUP && o->action != a) {
        fprintf(stderr, "portreg: %s and %s do not go together\n",
                action_names[o->action], action_names[a]);
        return 2;
    }
    o->action = a;
    return 0;
}

/* One option ARGV[*I]; *I moves past its argument.  0, or 2 after saying
 * what is wrong. */
static int option(struct options *o, int argc, char **argv, int *i)
{
    static const struct {
        const char *name;
        enum action action;
    } actions[] = {{"--all", ALL}, {"--status", STATUS},
                   {"--services", SERVICES}, {"--version", VERSION},
                   {"--help", HELP}, {"-h", HELP}};
    const char *a = argv[*i];
    size_t k;
    if (strcmp(a, "--full") == 0) {
        o->full = 1;
        return 0;
    }
    if (strcmp(a, "--json") == 0) {
        o->json = 1;
        return 0;
    }
    if (strcmp(a, "--search") == 0 || strncmp(a, "--search=", 9) == 0) {
        if (a[8] == '=')
            o->text = a + 9;
        else if (*i + 1 < argc)
            o->text = argv[++*i];
        else
            return bad("--search needs a text", a);
        return set_action(o, SEARCH);
    }
    for (k = 0; k < sizeof actions / sizeof actions[0]; k++)
        if (strcmp(a, actions[k].name) == 0)
            return set_action(o, actions[k].action);
    fprintf(stderr, "portreg: unknown option (%.40s%s); the options are %s\n",
            a, strlen(a) > 40 ? "..." : "", option_list);
    return 2;
}

/* Whether the options go together: 0, or 2 after saying why not. */
static int consistent(const struct options *o)
{
    const char *what = action_names[o->action];
    if (o->full && o->json) {
        fprintf(stderr, "portreg: --full and --json do not go together "
                        "(--json always holds every column)\n");
        return 2;
    }
    if (o->full && o->action != LOOKUP && o->action != ALL &&
        o->action != SEARCH) {
        fprintf(stderr, "portreg: --full does not go with %s\n", what);
        return 2;
    }
    if (o->json && o->action == SERVICES) {
        fprintf(stderr, "portreg: --json does not go with --services\n");
        return 2;
    }
    if (o->count > 0 && o->action != LOOKUP && o->action != STATUS) {
        fprintf(stderr, "portreg: %s takes %s (%.40s%s)\n", what,
                o->action == SEARCH ? "one text" : "no argument",
                o->operands[0], strlen(o->operands[0]) > 40 ? "..." : "");
        return 2;
    }
    if (o->count == 0 && (o->action == LOOKUP || o->action == STATUS))
        return usage(stderr, 2);
    return 0;
}

static int act(struct options *o)
{
    struct printer p = {TEXT, 0};
    p.mode = o->json ? JSON : o->full ? FULL : TEXT;
    if (p.mode == FULL && portreg_count() > 0) {
        struct portreg_record r;
        if (portreg_record(0, &r) != 0) {
            fprintf(stderr, "portreg: --full needs a PROFILE=full build\n");
            return 2;
        }
    }
    switch (o->action) {
    case HELP:
        return usage(stdout, 0);
    case VERSION:
        return version(p.mode);
    case SERVICES:
        return services();
    case STATUS:
        return status(o->count, o->operands, p.mode);
    case ALL:
        return search(NULL, &p);
    case SEARCH:
        return search(o->text, &p);
    case LOOKUP:
        break;
    }
    return lookups(o->count, o->operands, &p);
}

/* Everything written, or exit status 2 with the reason. */
static int flushed(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "portreg: write error: %s\n", strerror(errno));
        return 2;
    }
    return rc;
}

int main(int argc, char **argv)
{
    struct options o = {0, 0, LOOKUP, NULL, NULL, 0};
    int i, rc = 0, help = 0;
    o.operands = malloc((size_t)argc * sizeof *o.operands);
    if (o.operands == NULL) {
        fprintf(stderr, "portreg: out of memory\n");
        return 2;
    }
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (++i < argc)
                o.operands[o.count++] = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            help |= strcmp(argv[i], "--help") == 0 ||
                    strcmp(argv[i], "-h") == 0;
            if (rc == 0)
                rc = option(&o, argc, argv, &i);
        } else {
            o.operands[o.count++] = argv[i];
        }
    }
    if (help)       /* --help answers whatever else is there */
        rc = usage(stdout, 0);
    else if (rc == 0 && (rc = consistent(&o)) == 0)
        rc = act(&o);
    free(o.operands);
    return flushed(rc);
}
