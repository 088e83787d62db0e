// The PMS desk: sign-in from the URL fragment, the status bar from the edge's /health, and five
// client-side routes (#/pack, #/book, #/risk, #/attribution, #/journal), each a screen of panels.
import { DeskApi } from "./api.ts";
import { DeskContext, type Screen } from "./context.ts";
import { h, replace } from "./dom.ts";
import { attributionScreen } from "./screens/attribution.ts";
import { bookScreen } from "./screens/book.ts";
import { journalScreen } from "./screens/journal.ts";
import { packScreen } from "./screens/pack.ts";
import { riskScreen } from "./screens/risk.ts";
import {
  ACCESS_LOGOUT,
  accessSession,
  currentSession,
  type Session,
  saveToken,
  signOut,
  takeTokenFromFragment,
  WRITE_ROLES,
} from "./session.ts";
import { statusBar } from "./status-bar.ts";

const ROUTES: Record<string, { title: string; screen: (ctx: DeskContext) => Screen }> = {
  pack: { title: "Morning pack", screen: packScreen },
  book: { title: "Book", screen: bookScreen },
  risk: { title: "Risk", screen: riskScreen },
  attribution: { title: "Attribution", screen: attributionScreen },
  journal: { title: "Journal", screen: journalScreen },
};

const root = document.getElementById("desk")!;
takeTokenFromFragment(location, sessionStorage, history);
const session = currentSession(sessionStorage, Date.now() / 1000);
if (session) desk(session);
else void accessSession((input, init) => fetch(input, init)).then((s) => (s ? desk(s) : signIn()));

function signIn(): void {
  const input = h("input", { type: "password", placeholder: "token", "aria-label": "token", autocomplete: "off" });
  const form = h(
    "form",
    { class: "signin" },
    h("h1", {}, "PMS desk"),
    h("p", {}, "Open the desk link that `npm start` prints, or paste a token."),
    input,
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveToken(sessionStorage, input.value);
    location.hash = "#/pack";
    location.reload();
  });
  replace(root, form);
}

function desk(s: Session): void {
  const api = new DeskApi(s.token);
  const canWrite = WRITE_ROLES.has(s.role);
  document.body.dataset.role = s.role;
  const main = h("main", {});
  const links = Object.entries(ROUTES).map(([name, r]) => h("a", { href: `#/${name}`, "data-route": name }, r.title));
  const out = h("button", { class: "signout" }, "sign out");
  out.addEventListener("click", () => {
    signOut(sessionStorage);
    if (s.token) location.reload();
    else location.href = ACCESS_LOGOUT;
  });
  const bar = statusBar(api, s);
  replace(root, h("nav", {}, h("strong", { class: "brand" }, "PMS desk"), links, out), main, bar);

  let current: { screen: Screen; ctx: DeskContext } | undefined;
  let first = true;
  const show = () => {
    const name = /^#\/(\w+)/.exec(location.hash)?.[1] ?? "pack";
    const route = ROUTES[name] ?? ROUTES.pack!;
    current?.ctx.stopAll();
    current?.screen.stop();
    const ctx = new DeskContext(api, canWrite);
    if (first) {
      first = false;
      // First screen rendered with data, from the start of navigation (the browser test reports it).
      ctx.onFirstRender = () => {
        document.body.dataset.firstRenderMs = String(Math.round(performance.now()));
      };
    }
    const screen = route.screen(ctx);
    for (const a of links) a.classList.toggle("on", a.dataset.route === name);
    document.title = `${route.title} · PMS desk`;
    replace(main, screen.el);
    ctx.startAll();
    current = { screen, ctx };
  };
  window.addEventListener("hashchange", show);
  show();
}
