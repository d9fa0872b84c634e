// A paginated JSON orders API for the benches, in its own process so that neither side shares its CPU.
// GET /orders?rows=R&per_page=S&page=N → {"data":[…],"meta":{"page":N,"total_pages":P}}
// GET /orders?rows=R&per_page=S[&cursor=T] → {"data":[…],"next_cursor":"…"|null}
// Pages are rendered once at start (up to BENCH_SERVER_ROWS orders) so serving costs next to nothing.
import { createServer } from 'node:http';
import { order } from './orders-data';

const maxRows = Number(process.env.BENCH_SERVER_ROWS ?? 1_000_000);
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 5000);

/** `records[p]`: the JSON array text of page p (from 1), full pages of `pageSize`. */
const records: Buffer[] = [];
for (let first = 1, page = 1; first <= maxRows; first += pageSize, page += 1) {
  records[page] = renderRecords(first, Math.min(first + pageSize - 1, maxRows));
}

function renderRecords(first: number, last: number): Buffer {
  const items: string[] = [];
  for (let n = first; n <= last; n += 1) items.push(JSON.stringify(order(n)));
  return Buffer.from(`[${items.join(',')}]`);
}

/** Page `page` of a dataset of `rows` orders; only a short last page is rendered on demand. */
function pageRecords(rows: number, size: number, page: number): Buffer {
  const first = (page - 1) * size + 1;
  const last = Math.min(page * size, rows);
  if (first > last) return Buffer.from('[]');
  if (size === pageSize && last - first + 1 === size && records[page]) return records[page] as Buffer;
  return renderRecords(first, last);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const rows = Number(url.searchParams.get('rows'));
  const size = Number(url.searchParams.get('per_page') ?? pageSize);
  if (url.pathname !== '/orders' || !(rows > 0 && rows <= maxRows) || !(size > 0)) {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad request"}');
    return;
  }
  const totalPages = Math.ceil(rows / size);
  let head: string;
  let tail: string;
  let page: number;
  if (url.searchParams.has('page')) {
    page = Number(url.searchParams.get('page'));
    head = '{"data":';
    tail = `,"meta":{"page":${page},"total_pages":${totalPages}}}`;
  } else {
    const cursor = url.searchParams.get('cursor');
    page = cursor ? Number(Buffer.from(cursor, 'base64url').toString().slice(5)) : 1;
    const next =
      page < totalPages ? JSON.stringify(Buffer.from(`page:${page + 1}`).toString('base64url')) : 'null';
    head = '{"data":';
    tail = `,"next_cursor":${next}}`;
  }
  const body = Buffer.concat([Buffer.from(head), pageRecords(rows, size, page), Buffer.from(tail)]);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => process.exit(0));
