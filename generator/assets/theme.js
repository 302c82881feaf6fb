/* Regional risk briefing: Material's two inline scripts, served once instead of written into
 * every page (issue 17: a site of 10,000 entries must stay publishable).
 *
 * Material 9 writes both into each page: partials/javascripts/base.html (its storage
 * helpers, scoped to the site) at the end of <head>, and partials/javascripts/palette.html
 * (the reader's chosen colour scheme, set before the first paint) after the palette's
 * toggles. theme_overrides/partials/javascripts/base.html loads this file, unchanged in
 * what it does, in place of the first (a plain script: it blocks the parser just as the
 * inline one did); the header calls __bp_palette() in place of the second. The palette's
 * toggles are written here too (__bp_palette_form, theme_overrides/partials/palette.html).
 *
 * The scope is the site's root: Material computes it from the page's base URL; this file
 * is assets/briefing/theme.js, two levels below the root, on every page (the 404 page too).
 * A site that sets `extra.scope` names it in the script tag (data-scope).
 */
// Material's base.html, word for word but for the scope: the page's `extra.scope` if the
// site sets one (data-scope, read against the page, as Material does), else the root.
var __bp_scope=document.currentScript.dataset.scope;
__md_scope=__bp_scope?new URL(__bp_scope,location):new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
// Zensical's copy of base.html also names the platform (the export for Zensical asks, data-platform).
"platform"in document.currentScript.dataset&&document.documentElement.setAttribute("data-platform",navigator.platform);

// Material's palette.html, word for word, as a function the header calls once its toggles
// are parsed.
function __bp_palette(){var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}}

// The sprite beside this file (partials/briefing-icon.html).
var __bp_icons=new URL("icons.svg",document.currentScript.src).href;

// Material's partials/palette.html, written into its form (the script in it) while the page
// is parsed: each option [media, scheme, primary, accent, toggle name, icon id].
function __bp_palette_form(options){
  var form=document.currentScript.parentNode,n=options.length;
  options.forEach(function(o,i){
    var input=document.createElement("input");
    input.className="md-option";
    input.setAttribute("data-md-color-media",o[0]);
    input.setAttribute("data-md-color-scheme",o[1]);
    input.setAttribute("data-md-color-primary",o[2]);
    input.setAttribute("data-md-color-accent",o[3]);
    if(o[4]!==null)input.setAttribute("aria-label",o[4]);else input.setAttribute("aria-hidden","true");
    input.type="radio";input.name="__palette";input.id="__palette_"+i;
    form.appendChild(input);
    if(o[4]===null)return;
    var label=document.createElement("label");
    label.className="md-header__button md-icon";
    label.title=o[4];
    label.htmlFor="__palette_"+(i+1)%n;
    label.hidden=true;
    label.innerHTML='<svg viewBox="0 0 24 24"><use></use></svg>';
    label.querySelector("use").setAttributeNS("http://www.w3.org/1999/xlink","xlink:href",__bp_icons+"#"+o[5]);
    form.appendChild(label);
  });
  document.currentScript.remove();
}
