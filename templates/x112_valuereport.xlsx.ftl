<#-- x112 value report as an Excel workbook (SPEC F3): the x101 rows on sheet "Values" (numbers as numeric
     cells when Excel can hold them exactly, otherwise as text with every digit), the report's identity on
     sheet "Report". Workbook templates write with <@sheet> and <@row cells=[...]/>; their text is ignored. -->
<@sheet name="Values">
<@row header=true cells=["Meter ID", "Manufacturer", "Medium", "MOID", "Timestamp", "Quantity", "Unit", "Storage", "Tariff", "Value"]/>
<#list values as v>
<@row cells=[v.secondary, v.manufacturer, v.medium, v.moid, v.timestamp, v.description, v.unit, v.storage?number, v.tariff?number, v.number!v.value]/>
</#list>
</@sheet>
<@sheet name="Report">
<@row cells=["Product", gateway.product]/>
<@row cells=["Serial", gateway.serial]/>
<@row cells=["Report", report.number]/>
<@row cells=["Template", report.template]/>
<@row cells=["Created", report.createdAt]/>
<@row cells=["Period from", report.period.from]/>
<@row cells=["Period to", report.period.to]/>
<@row cells=["Value interval", report.interval]/>
<@row cells=["Company", gateway.contact.company]/>
<@row cells=["Contact", gateway.contact.name]/>
<#list gateway.contact.addressLines as line>
<@row cells=["Address", line]/>
</#list>
</@sheet>
