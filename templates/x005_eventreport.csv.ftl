<#-- x005 event report (SPEC F3/F9, e-mail 1005): one line per event field in the order given, numbered:
     #;key;value. -->
<#list event as e>
${e.index}${sep}${csv(e.key)}${sep}${csv(e.value)}
</#list>
