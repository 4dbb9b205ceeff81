/* Material for MkDocs 9.8's storage helpers (partials/javascripts/base.html), which it inlines on
   every page: its settings (the colour scheme...) are kept per site, under the site root's path.
   The root is found from this file's own address (assets/scope.js), so one file serves every page;
   theme/partials/javascripts/base.html loads it where Material had its script. */
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
