/// A self-contained page: inline style and script, no network. Sections in order.
public struct HTML {
  let title: String
  let subtitle: String
  var sections: [String] = []

  init(title: String, subtitle: String) {
    (self.title, self.subtitle) = (title, subtitle)
  }

  mutating func section(_ heading: String, note: String? = nil, _ content: String) {
    var out = "<section>\n<h2>\(Self.escape(heading))</h2>\n"
    if let note { out += "<p class=\"note\">\(Self.escape(note))</p>\n" }
    sections.append(out + content + "</section>\n")
  }

  public func render() -> String {
    """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="tessera">
    <title>\(Self.escape(title))</title>
    <style>\(Self.style)</style>
    </head>
    <body>
    <header><h1>\(Self.escape(title))</h1><p>\(Self.escape(subtitle))</p></header>
    <main>
    \(sections.joined())</main>
    <script>\(Self.script)</script>
    </body>
    </html>

    """
  }

  /// `&`, `<`, `>` and quotes as entities. By Unicode scalar: a quote followed by a combining
  /// mark is one Swift `Character` that is not `"`, but the browser still ends the attribute.
  static func escape(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out.append(contentsOf: "&amp;".unicodeScalars)
      case "<": out.append(contentsOf: "&lt;".unicodeScalars)
      case ">": out.append(contentsOf: "&gt;".unicodeScalars)
      case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
      case "'": out.append(contentsOf: "&#39;".unicodeScalars)
      default: out.append(scalar)
      }
    }
    return String(out)
  }

  /// A table; `numeric` columns sort as numbers (each cell's `data-v`) and align right.
  /// Clicking a header sorts by it (again: the other way).
  static func table(headers: [String], numeric: Set<Int>, rows: [[(text: String, value: Double?)]]) -> String {
    var out = "<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>"
    for (index, header) in headers.enumerated() {
      out += "<th\(numeric.contains(index) ? " class=\"num\"" : "")>\(escape(header))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for row in rows {
      out += "<tr>"
      for (index, cell) in row.enumerated() {
        let value = cell.value.map { " data-v=\"\($0.isFinite ? String($0) : "0")\"" } ?? ""
        out += "<td\(numeric.contains(index) ? " class=\"num\"" : "")\(value)>\(cell.text)</td>"
      }
      out += "</tr>\n"
    }
    return out + "</tbody></table></div>\n"
  }

  /// Cells of `table` hold HTML: text goes through this.
  static func cell(_ text: String, _ value: Double? = nil) -> (text: String, value: Double?) {
    (escape(text), value)
  }

  static let style = """
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fafafa}
    header{padding:16px 24px;background:#1f3b57;color:#fff}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;font-size:14px;opacity:.9}
    main{padding:8px 24px 32px;max-width:1400px}
    section{background:#fff;border:1px solid #ddd;border-radius:6px;margin:16px 0;padding:12px 16px}
    h2{font-size:18px;margin:4px 0 8px}.note{font-size:13px;color:#555;margin:0 0 8px}
    .plot,.scroll{overflow-x:auto}.plot svg{display:block;max-width:none}
    table{border-collapse:collapse;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #eee;white-space:nowrap;text-align:left}
    th{cursor:pointer;background:#f2f4f7;position:sticky;top:0}th.num,td.num{text-align:right}
    th[data-sort=asc]::after{content:" \\25B2"}th[data-sort=desc]::after{content:" \\25BC"}
    .legend{font-size:13px;margin:4px 0}.legend span{display:inline-block;margin-right:14px}
    .legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px;border-radius:2px}
    .totals{display:flex;flex-wrap:wrap;gap:8px 24px;font-size:14px}.totals b{font-size:17px}
    """

  static let script = """
    document.querySelectorAll("table.sortable th").forEach(function(th){
      th.addEventListener("click",function(){
        var column=th.cellIndex;
        var table=th.closest("table"),body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        var up=th.getAttribute("data-sort")!=="asc";
        table.querySelectorAll("th").forEach(function(h){h.removeAttribute("data-sort")});
        th.setAttribute("data-sort",up?"asc":"desc");
        rows.sort(function(a,b){
          var x=a.cells[column],y=b.cells[column],vx=x.getAttribute("data-v"),vy=y.getAttribute("data-v");
          var r=vx!==null&&vy!==null?parseFloat(vx)-parseFloat(vy):x.textContent.localeCompare(y.textContent);
          return up?r:-r;
        });
        rows.forEach(function(r){body.appendChild(r)});
      });
    });
    """
}
