<#-- x006 log report: the system log of the report's period, oldest first. -->
Timestamp${sep}Level${sep}Source${sep}Message
<#list log as l>
${l.timestamp}${sep}${l.level}${sep}${csv(l.source)}${sep}${csv(l.message)}
</#list>
